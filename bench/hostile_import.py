"""Time and peak memory of `calendar-app import-ics --dry-run` on hostile .ics files.

One VEVENT repeating every minute (~240 bytes) used to take 92 s and 2.4 GB; forty of
them ran past 300 s. Each file is imported in a new process against a new SQLite
database; a run still going after --timeout seconds is killed and reported so.
`python bench/hostile_import.py [--timeout 120]`; figures are in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from calendar_app.cli import main; main()"]


def minutely_event(number: int) -> str:
    start = (date.today() - timedelta(days=30)).strftime("%Y%m%d")
    return (
        f"BEGIN:VEVENT\r\nUID:minutely-{number}@example.org\r\n"
        f"DTSTART:{start}T000000Z\r\nDTEND:{start}T000100Z\r\n"
        f"RRULE:FREQ=MINUTELY\r\nSUMMARY:Every minute {number}\r\nEND:VEVENT\r\n"
    )


def calendar(*events: str) -> bytes:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//hostile//EN\r\n"
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode()


FILES = {
    "1 minutely event": lambda: calendar(minutely_event(0)),
    "40 minutely events": lambda: calendar(*(minutely_event(n) for n in range(40))),
}


def _env(folder: str) -> dict:
    return dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        CALENDAR_DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        CALENDAR_INSTANCE_PATH=folder,
        CALENDAR_SECRET_KEY="bench",
    )


def measure(content: bytes, timeout: float) -> dict:
    """Wall time, peak RSS (MB) and the last output line of one dry-run import."""
    with tempfile.TemporaryDirectory() as folder:
        env = _env(folder)
        subprocess.run([*CLI, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
        path = Path(folder) / "hostile.ics"
        path.write_bytes(content)
        started = time.perf_counter()
        process = subprocess.Popen(
            [*CLI, "import-ics", "--dry-run", str(path)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            process.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        output = process.stdout.read().decode(errors="replace")
        _pid, _status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - started
        lines = [line for line in output.splitlines() if line.strip()]
        return {
            "bytes": len(content),
            "seconds": seconds,
            "peak_mb": usage.ru_maxrss / 1024,
            "killed": killed.is_set(),
            "last_line": lines[-1][:160] if lines else "",
        }


def main() -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    rows = ["| file | size | time | peak RSS | outcome |", "|---|---|---|---|---|"]
    for name, build in FILES.items():
        result = measure(build(), args.timeout)
        when = (
            f"> {args.timeout:.0f} s (killed)" if result["killed"] else f"{result['seconds']:.2f} s"
        )
        rows.append(
            f"| {name} | {result['bytes']:,} B | {when} | {result['peak_mb']:.0f} MB "
            f"| {result['last_line']} |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(rows)
    print(table)
    return table


if __name__ == "__main__":
    main()
