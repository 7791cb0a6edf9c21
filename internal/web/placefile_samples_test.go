package web

// Place files (issue 3 §3): web import with its report, open-data CSV.

// placefileSamples gives this capability's templates their sample data.
var placefileSamples = map[string]any{}

// placefilePublic names this capability's templates that visitors see.
var placefilePublic = map[string]bool{}
