// Parses an iCalendar file with ical.js (the parser Thunderbird uses) and
// prints its events as JSON: the test compares them with what was written.
// Usage: node parse.mjs NODE_MODULES_DIR FILE
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [, , nodeModules, file] = process.argv;
const ICAL = (await import(pathToFileURL(join(nodeModules, "ical.js", "dist", "ical.js")).href)).default;
const text = readFileSync(file, "utf8");
const root = new ICAL.Component(ICAL.parse(text));
for (const tz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(tz);
}
const events = root.getAllSubcomponents("vevent").map((c) => {
  const e = new ICAL.Event(c);
  const start = c.getFirstProperty("dtstart");
  return {
    uid: e.uid,
    summary: e.summary,
    location: e.location || "",
    description: e.description || "",
    url: c.getFirstPropertyValue("url") || "",
    status: c.getFirstPropertyValue("status") || "",
    tzid: start.getParameter("tzid") || "",
    start: e.startDate.toJSDate().toISOString(),
    end: e.endDate.toJSDate().toISOString(),
    dtstamp: c.getFirstPropertyValue("dtstamp").toString(),
    sequence: e.sequence || 0,
    attendees: c.getAllProperties("attendee").map((p) => String(p.getFirstValue())),
  };
});
process.stdout.write(JSON.stringify({
  version: root.getFirstPropertyValue("version"),
  prodid: root.getFirstPropertyValue("prodid"),
  name: root.getFirstPropertyValue("x-wr-calname") || "",
  method: root.getFirstPropertyValue("method") || "",
  timezones: root.getAllSubcomponents("vtimezone").map((t) => t.getFirstPropertyValue("tzid")),
  events,
}));
