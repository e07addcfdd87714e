"""Small per-process caches of rendered bytes, keyed by a hash of everything the bytes
depend on, including the database's change stamp: an entry is never stale, only unused.

Each app keeps its own cache of anonymous pages in app.extensions["page_cache"] (as it
keeps its feed files in app.extensions["feed_files"]), so two apps in one process (tests)
never share entries."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import datetime
from functools import wraps

from flask import Response, current_app, request, session
from flask_login import current_user

from ..domain.filters import FilterError
from ..domain.timezones import zone
from ..i18n.setup import current_language
from .preferences import remembered_text
from .view_state import chosen_zone, display_zone_name


class BytesCache:
    """Keys are ETags (the same in every process); the least recently used go first."""

    def __init__(self, max_entries: int = 32, max_bytes: int = 64 * 1024 * 1024):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return  # a huge body would push everything else out; serve it uncached
        with self._lock:
            if key in self._items:
                return
            self._items[key] = body
            self._size += len(body)
            while len(self._items) > self.max_entries or self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


def anonymous_pages() -> BytesCache:
    """A new cache for an app's anonymous pages (app.extensions["page_cache"])."""
    return BytesCache(max_entries=256, max_bytes=32 * 1024 * 1024)


def _page_key() -> str | None:
    """What an anonymous visitor's page depends on: the events (change stamp), the URL
    with its filters, the view the visitor chose before (the cookie: a bare URL shows
    their zone and filters), today's date in the zone shown (the "today" marker) and the
    interface language."""
    from ..feeds.store import current_generation

    try:
        chosen_zone(request.args)
    except FilterError:
        return None  # the view answers 400; nothing to cache
    today = datetime.now(zone(display_zone_name())).date()
    language = current_language()  # the switcher's cookie or the browser's languages
    text = repr(
        (current_generation(), request.full_path, remembered_text(), today.isoformat(), language)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def cached_for_anonymous(view):
    """Serve the schedule pages that anonymous viewers (most readers) see from memory,
    with an ETag for revalidation. Signed-in users always get a fresh page: it names them."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated or session.get("_flashes"):
            return view(*args, **kwargs)
        key = _page_key()
        if key is None:
            return view(*args, **kwargs)
        if request.if_none_match.contains_weak(key):  # RFC 9110: weak comparison
            response = Response(status=304)
        else:
            pages = current_app.extensions["page_cache"]
            body = pages.get(key)
            if body is None:
                response = current_app.make_response(view(*args, **kwargs))
                if response.status_code != 200 or "Set-Cookie" in response.headers:
                    return response
                pages.put(key, response.get_data())
            else:
                response = Response(body, mimetype="text/html")
        response.set_etag(key)
        response.headers["Cache-Control"] = "no-cache"  # revalidate, then 304
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
        return response

    return wrapped
