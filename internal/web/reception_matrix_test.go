package web_test

// Welcome, orient, follow (issue 4): persons, evaluations, referrals, activities.

// receptionMatrix lists this capability's staff routes for the authorization matrix.
var receptionMatrix []matrixCase

// receptionBrowserPages lists this capability's pages checked in Chromium.
var receptionBrowserPages []browserPage
