package web_test

// Cartography (issue 3): places, search, import, moderation.

// placesMatrix lists this capability's staff routes for the authorization matrix.
var placesMatrix []matrixCase

// placesBrowserPages lists this capability's pages checked in Chromium.
var placesBrowserPages []browserPage
