package web_test

// Agenda (issue 5): permanences, appointments, workshops, notifications.

// agendaMatrix lists this capability's staff routes for the authorization matrix.
var agendaMatrix []matrixCase

// agendaBrowserPages lists this capability's pages checked in Chromium.
var agendaBrowserPages []browserPage
