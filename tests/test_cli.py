import pytest
from sqlalchemy import func, select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, User


def test_seed_demo_is_idempotent(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        count = db.session.scalar(select(func.count(Event.id)))
        revisions = db.session.scalar(select(func.count(EventRevision.id)))
    # One revision per event, plus the demo plan's move of an exercise after approval.
    assert count >= 15 and revisions >= count
    second = runner.invoke(args=["seed-demo"])
    assert "0 new events" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == count


def test_seed_demo_if_empty_skips_a_used_database(app, runner):
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has events" in result.output


def test_users_create_with_password_on_stdin_and_list(app, runner):
    result = runner.invoke(
        args=["users", "create", "admin", "--role", "admin", "--password-stdin"],
        input="correct horse battery\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "admin"))
        assert user.role == "admin" and user.check_password("correct horse battery")
        assert user.password_hash != "correct horse battery"
        assert len(user.feed_token) >= 40
    listing = runner.invoke(args=["users", "list"])
    assert "admin\tadmin\tactive" in listing.output


def test_users_create_refuses_duplicates_and_short_passwords(app, runner):
    runner.invoke(args=["users", "create", "ed", "--password-stdin"], input="long enough pw\n")
    again = runner.invoke(args=["users", "create", "ED", "--password-stdin"], input="x" * 10)
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["users", "create", "bo", "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "at least 8" in short.output


def test_demo_data_follows_the_news_text(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        events = {e.title: e for e in db.session.scalars(select(Event))}
    meeting = events["Secretary General meets the Russian Minister of Defence"]
    assert meeting.start_date.isoformat() == "2023-02-20"
    assert "Frunzenskaya" in meeting.location.address
    interaction = events["Interaction-2023"]
    assert [f.name for f in interaction.forces] == ["Collective Rapid Reaction Forces"]
    assert interaction.status == "planned" and interaction.all_day
    assert "only the month" in interaction.description
    debate = [e for t, e in events.items() if t.startswith("UN Security Council debate")][0]
    assert debate.timezone == "America/New_York"
    assert debate.starts_at.isoformat() == "2024-07-19T14:00:00+00:00"  # 10:00 EDT


def test_feeds_rebuild_renders_every_event(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        db.session.execute(Event.__table__.update().values(ics_text=None))
        db.session.commit()
    result = runner.invoke(args=["feeds", "rebuild"])
    assert result.exit_code == 0 and "Rendered" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id)).where(Event.ics_text.is_(None))) == 0


# ------------------------------------------------ files the CLI writes: one rule for all
WRITERS = ["export-json", "export-ics", "backup"]


def _writer_or_skip(app, command: str) -> None:
    if command == "backup" and not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("`backup` copies SQLite; PostgreSQL uses pg_dump")


def _one_line(result) -> str:
    """A refused command: exit status 1, one line of output, no Python exception."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("command", WRITERS)
def test_writing_into_a_missing_folder_is_one_line(app, runner, tmp_path, command):
    _writer_or_skip(app, command)
    target = tmp_path / "no-such-folder" / "out"
    line = _one_line(runner.invoke(args=[command, str(target)]))
    assert line == f"Error: cannot write {target}: the folder {target.parent} does not exist"
    assert not target.parent.exists()


@pytest.mark.parametrize("command", WRITERS)
def test_an_existing_file_is_kept_unless_forced(app, runner, tmp_path, command):
    _writer_or_skip(app, command)
    runner.invoke(args=["seed-demo"])
    target = tmp_path / "out"
    target.write_text("keep me")
    line = _one_line(runner.invoke(args=[command, str(target)]))
    assert line == f"Error: {target} exists; use --force to replace it"
    assert target.read_text() == "keep me"
    forced = runner.invoke(args=[command, str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != b"keep me" and target.stat().st_size > 1000
    # written beside the target, then renamed over it: nothing else is left in the folder
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


@pytest.mark.parametrize("command", WRITERS)
def test_written_files_are_readable_by_their_owner_only(app, runner, tmp_path, command):
    """Exports and backups hold password hashes and internal events."""
    _writer_or_skip(app, command)
    target = tmp_path / "out"
    assert runner.invoke(args=[command, str(target)]).exit_code == 0
    assert target.stat().st_mode & 0o077 == 0
