// Public pages: progressive enhancement only, a few hundred bytes instead of
// GOV.UK Frontend's scripts (staff pages load app.js). Every page works
// without this file.

// A form sent back with errors: the summary gets the focus, as GOV.UK's does.
const summary = document.querySelector(".govuk-error-summary");
if (summary) {
  summary.setAttribute("tabindex", "-1");
  summary.focus();
}
