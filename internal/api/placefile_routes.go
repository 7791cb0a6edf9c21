package api

// Place files (issue 3 §3): the open-data API of places.

// placeRoutes lists this capability's API operations.
func (a *API) placeRoutes() []Route {
	return nil
}
