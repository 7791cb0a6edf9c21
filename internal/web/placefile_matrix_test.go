package web_test

// Place files (issue 3 §3): web import with its report, open-data CSV.

// placefileMatrix lists this capability's staff routes for the authorization matrix.
var placefileMatrix []matrixCase

// placefileBrowserPages lists this capability's pages checked in Chromium.
var placefileBrowserPages []browserPage
