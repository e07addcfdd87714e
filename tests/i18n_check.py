"""What a Russian page still shows in English: the visible text and the text read to
screen-reader users (title, aria-label, alt, placeholder, button values) that holds Latin
words, outside content marked as another language (`lang="en"`, as an English-only title
falling back is marked) or as not for translation (`translate="no"`: codes, addresses)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Names and codes that stay Latin in a Russian interface.
ALLOWED = {
    "ical", "ics", "icalendar", "url", "uri", "pdf", "xlsx", "csv", "json", "api", "utc",
    "gmt", "iso", "rfc", "https", "http", "www", "outlook", "google", "apple", "thunderbird",
    "calendar", "webcal", "csrf", "rrule", "openapi", "nextcloud", "english", "excel",
    "odkb", "csto", "token", "bearer", "localhost",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
# Time-zone names (Europe/Moscow), addresses and e-mail addresses are data, not words.
_DATA = re.compile(
    r"\b[A-Z][A-Za-z_]+/[A-Za-z_/+-]+\b|\S+@\S+|https?://\S+|webcal://\S+|/[\w./?=&%-]+"
)
_SKIP_TAGS = {"script", "style", "template", "noscript"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
_SPOKEN = ("title", "aria-label", "alt", "placeholder", "aria-description")


class _Reader(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # True where the element or an ancestor is skipped
        self.texts: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack and self.stack[-1])

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = (attributes.get("lang") or "").split("-")[0].lower()
        skip = (
            self._skipped()
            or tag in _SKIP_TAGS
            or attributes.get("translate") == "no"
            or (tag != "html" and lang and lang != self.language)
        )
        if not skip:
            for name in _SPOKEN:
                if attributes.get(name):
                    self.texts.append(attributes[name])
            if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
                self.texts.append(attributes.get("value") or "")
        if tag not in _VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.texts.append(data)


def english_words(html: str, language: str = "ru", allowed: set[str] = frozenset()) -> list[str]:
    """The Latin words a page in `language` shows or speaks, each with its text, e.g.
    ["Save (in 'Save anyway')"]; empty when the page is all in its language."""
    reader = _Reader(language)
    reader.feed(html)
    found = []
    for text in reader.texts:
        cleaned = _DATA.sub(" ", text)
        for word in _WORD.findall(cleaned):
            if word.lower() not in ALLOWED and word not in allowed:
                found.append(f"{word} (in {text.strip()[:60]!r})")
    return found
