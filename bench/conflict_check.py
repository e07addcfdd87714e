"""`make bench`: one event saved with the double-booking check against the same save
without it, on the generated N-event database (forces, locations, ten years).

The save is what the event form does: move one event that double-books by a day through the service
layer, then commit; "with check" adds events/conflicts.confirm_or_refuse (confirmed, so a
conflict found is recorded rather than refused) inside the same transaction. Each save is
undone the same way so every repetition starts from the same data. Target: with the check
≤ 2× without. `python bench/conflict_check.py [N]` alone; bench/run.py runs it.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402
import run as bench  # noqa: E402

REPEAT = 15


def _saves(app, check: bool) -> tuple[float, int]:
    from calendar_app.domain.events import EventData
    from calendar_app.events import service
    from calendar_app.events.conflicts import confirm_or_refuse, conflicts_between
    from calendar_app.extensions import db
    from calendar_app.models import Event

    year, month = generate.FOCUS_MONTH
    times, found = [], 0
    with app.app_context():
        rules = service.event_rules()
        # An event that does double-book something, so that the check has work to do.
        pairs = conflicts_between(date(year, month, 1), date(year, month, 28))
        event_id = pairs[0].first.event_id
        for i in range(REPEAT * 2):
            event = db.session.get(Event, event_id)
            data = EventData.from_event(event)
            step = timedelta(days=1 if i % 2 == 0 else -1)
            moved = replace(data, start=data.start + step, end=data.end + step)
            started = time.perf_counter()
            service.update_event(event, moved, rules=rules)
            if check:
                found = len(confirm_or_refuse(event, confirmed=True, reason="bench"))
            db.session.commit()
            times.append(time.perf_counter() - started)
            db.session.remove()
    return statistics.median(times), found


def main(n: int, pg_base: str | None = None) -> str:
    url = bench.prepare(n, pg_base)
    app = bench.make_app(url)
    without, _ = _saves(app, check=False)
    with_check, found = _saves(app, check=True)
    ratio = with_check / without
    db_name = "postgresql" if pg_base else "sqlite"
    print(
        f"  save with conflict check at {n}: {with_check * 1000:.1f} ms vs {without * 1000:.1f} ms = {ratio:.2f}x ({found} conflicts)",
        flush=True,
    )
    return (
        "| db | N | save without check | save with check | ratio (target ≤ 2×) | conflicts found |\n"
        "|---|---|---|---|---|---|\n"
        f"| {db_name} | {n:,} | {without * 1000:.1f} ms | {with_check * 1000:.1f} ms | {ratio:.2f}× | {found} |"
    )


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
