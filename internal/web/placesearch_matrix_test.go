package web_test

// Finding a place (issue 3 §4): public search, place page, printable guide, map.

// placesearchMatrix lists this capability's staff routes for the authorization matrix.
var placesearchMatrix []matrixCase

// placesearchBrowserPages lists this capability's pages checked in Chromium.
var placesearchBrowserPages []browserPage
