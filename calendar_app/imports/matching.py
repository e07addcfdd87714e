"""Matching what an .ics file says to this calendar's vocabulary: its categories and title
to a kind and forces, its LOCATION text to a stored location. Plain functions over the
records given (no queries)."""

from __future__ import annotations

from ..models import Force, Location
from .parse import ImportedEvent

KIND_WORDS = {
    "exercise": "training",
    "exercises": "training",
    "training": "training",
    "trainings": "training",
    "meeting": "meeting",
    "session": "session",
}
TITLE_HINTS = (
    ("exercise", "training"),
    ("training", "training"),
    ("session", "session"),
    ("council", "session"),
    ("debate", "session"),
)


def match_location(text: str, locations: list[Location]) -> Location | None:
    lowered = text.strip().lower()
    for location in locations:
        if lowered in (location.label().lower(), location.name.lower()):
            return location
    first = lowered.split(",")[0].strip()
    return next((loc for loc in locations if loc.name.lower() == first), None)


def kind_and_forces(
    item: ImportedEvent, kinds: list[str], forces: list[Force], default_kind: str | None = None
):
    by_name = {f.name.lower(): f for f in forces} | {f.slug.lower(): f for f in forces}
    kind, matched, kept = None, [], []
    for category in item.categories:
        word = category.lower()
        mapped = word if word in kinds else KIND_WORDS.get(word)
        if mapped in kinds and kind is None:
            kind = mapped
        elif word in by_name:
            matched.append(by_name[word])
        else:
            kept.append(category)
    if kind is None:
        title = item.title.lower()
        kind = next(
            (k for hint, k in TITLE_HINTS if hint in title and k in kinds),
            default_kind or default_kind_of(kinds),
        )
    return kind, sorted({f.id for f in matched}), kept


def default_kind_of(kinds: list[str]) -> str:
    return "meeting" if "meeting" in kinds else kinds[0]
