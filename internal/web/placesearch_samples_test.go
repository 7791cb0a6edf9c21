package web

// Finding a place (issue 3 §4): public search, place page, printable guide, map.

// placesearchSamples gives this capability's templates their sample data.
var placesearchSamples = map[string]any{}

// placesearchPublic names this capability's templates that visitors see.
var placesearchPublic = map[string]bool{}
