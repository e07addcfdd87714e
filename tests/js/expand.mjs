// Reads iCalendar text on stdin and prints every occurrence starting before argv[2] (an
// ISO instant) as JSON, as Thunderbird expands it: each series with its exceptions
// related (RECURRENCE-ID), walked by its iterator.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8");
const limit = ICAL.Time.fromDateTimeString(process.argv[2].replace("Z", ""), null);
limit.zone = ICAL.Timezone.utcTimezone;

const calendar = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

function when(time) {
  if (time.isDate) return { date: time.toString() };
  return { utc: new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z") };
}

function row(item, start, end) {
  return {
    start: when(start),
    end: when(end),
    summary: item.summary,
    status: item.component.getFirstPropertyValue("status"),
  };
}

const vevents = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
const masters = new Map();
for (const event of vevents) {
  if (!event.isRecurrenceException()) masters.set(event.uid, event);
}
const orphans = [];
for (const event of vevents) {
  if (!event.isRecurrenceException()) continue;
  const master = masters.get(event.uid);
  if (master) master.relateException(event);
  else orphans.push(event);
}

const occurrences = [];
for (const event of masters.values()) {
  if (!event.isRecurring()) {
    occurrences.push(row(event, event.startDate, event.endDate));
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (next.compare(limit) >= 0) break;
    const details = event.getOccurrenceDetails(next);
    occurrences.push(row(details.item, details.startDate, details.endDate));
  }
}
// An exception without its series is shown on its own by Thunderbird: keep it, so that a
// feed writing one fails the comparison.
for (const event of orphans) occurrences.push(row(event, event.startDate, event.endDate));
process.stdout.write(JSON.stringify(occurrences));
