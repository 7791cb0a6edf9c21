package web

// Welcome, orient, follow (issue 4): persons, evaluations, referrals, activities.

// receptionSamples gives this capability's templates their sample data.
var receptionSamples = map[string]any{}

// receptionPublic names this capability's templates that visitors see.
var receptionPublic = map[string]bool{}
