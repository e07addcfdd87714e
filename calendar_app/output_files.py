"""Files the command line writes (export-json, export-ics, backup), all by one rule.

The folder must exist; an existing file is replaced only with --force; the file appears
whole or not at all, readable by its owner only (exports and backups hold password
hashes and internal events). Every refusal is one line, never a traceback.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

force_option = click.option("--force", is_flag=True, help="Replace the file if it exists.")


@contextmanager
def output_file(path: Path, force: bool) -> Iterator[Path]:
    """Yield a new empty file beside `path` for the caller to fill; once it is written it
    takes the place of `path` in one rename, so a failed or interrupted run leaves the
    old file as it was (and no half-written one)."""
    if not path.parent.is_dir():
        raise click.ClickException(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; use --force to replace it")
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror}") from None
    os.close(handle)
    part = Path(name)
    try:
        yield part
        os.replace(part, path)
    except OSError as error:  # a full disk, a read-only folder: said, not shown as a traceback
        raise click.ClickException(f"cannot write {path}: {error.strerror}") from None
    finally:
        part.unlink(missing_ok=True)
