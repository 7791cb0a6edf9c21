package web_test

// Keeping places true (issue 3 §5): owners edit, error reports and moderation, stale places.

// placeeditMatrix lists this capability's staff routes for the authorization matrix.
var placeeditMatrix []matrixCase

// placeeditBrowserPages lists this capability's pages checked in Chromium.
var placeeditBrowserPages []browserPage
