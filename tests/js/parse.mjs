// Reads iCalendar text on stdin and prints its events as JSON, as Thunderbird's parser sees them.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8");

const calendar = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

function when(time) {
  if (time.isDate) return { date: time.toString() };
  return { utc: new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z"),
           tzid: time.zone ? time.zone.tzid : null };
}

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const geo = vevent.getFirstPropertyValue("geo");
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
    url: vevent.getFirstPropertyValue("url"),
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
    geo: geo ? geo.map(Number) : null,
    start: when(event.startDate),
    end: when(event.endDate),
    dtstamp: vevent.getFirstPropertyValue("dtstamp").toString(),
  };
});
process.stdout.write(JSON.stringify({
  name: calendar.getFirstPropertyValue("x-wr-calname"),
  events,
}));
