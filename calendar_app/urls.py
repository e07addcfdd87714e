"""Addresses: the public base URL, our host name, and which redirect targets are safe."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def base_host() -> str:
    """The host name of CALENDAR_BASE_URL (no port): what our UIDs end in."""
    return urlsplit(current_app.config["CALENDAR_BASE_URL"]).hostname or "localhost"


def public_url(endpoint: str, **values) -> str:
    """An absolute URL under CALENDAR_BASE_URL, with or without a request."""
    parts = urlsplit(current_app.config["CALENDAR_BASE_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, scheme or protocol-relative URL."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(c in target for c in "\r\n\t\\"):
        return None
    return target


def same_site_path(url: str | None, host: str) -> str | None:
    """The path (and query) of `url` when it points at `host`, else None (a Referer check)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc != host:
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
