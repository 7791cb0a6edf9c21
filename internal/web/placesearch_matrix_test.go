package web_test

import "net/http"

// Finding a place: public search, place page, printable guide, map.

// placesearchMatrix lists this capability's staff routes for the
// authorization matrix: none, every page is public.
var placesearchMatrix []matrixCase

// placesearchBrowserPages lists this capability's pages checked in Chromium
// on the demo territory (place 1 is the demo CCAS's main place). The
// results page with 20 results, pagination and a closed place are checked
// by TestPlaceSearchInChromium.
var placesearchBrowserPages = []browserPage{
	{path: "/lieux", want: "Votre commune ou son code postal"},
	{path: "/lieux?code=17299&commune=Rochefort+%2817300%29&rayon=10", want: "à moins de 10 km de Rochefort (17300)"},
	{path: "/lieux?commune=Rochefort", want: "Choisissez votre commune"},
	{path: "/lieux?commune=Zzzyxville&rayon=7", want: "Aucune commune ne porte ce nom", status: http.StatusUnprocessableEntity},
	{path: "/lieux/1", want: "Signaler une erreur"},
}
