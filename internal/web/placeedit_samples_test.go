package web

// Keeping places true (issue 3 §5): owners edit, error reports and moderation, stale places.

// placeeditSamples gives this capability's templates their sample data.
var placeeditSamples = map[string]any{}

// placeeditPublic names this capability's templates that visitors see.
var placeeditPublic = map[string]bool{}
