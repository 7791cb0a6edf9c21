package api

// Cartography (issue 3): places, search, import, moderation.

// placeRoutes lists this capability's API operations.
func (a *API) placeRoutes() []Route {
	return nil
}
