package web

// Cartography (issue 3): places, search, import, moderation.

// placesSamples gives this capability's templates their sample data.
var placesSamples = map[string]any{}

// placesPublic names this capability's templates that visitors see.
var placesPublic = map[string]bool{}
