package api

// Welcome, orient, follow (issue 4): persons, evaluations, referrals, activities.

// receptionRoutes lists this capability's API operations.
func (a *API) receptionRoutes() []Route {
	return nil
}
