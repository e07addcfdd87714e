"""iCalendar feeds: the public feed, one event, private feeds, the subscribe page."""
