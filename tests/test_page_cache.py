"""Anonymous schedule pages come from memory, but never stale and never to staff."""

from datetime import date

from calendar_app import create_app
from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Event

from .helpers import login, make_user


def add(app, title, visibility="public") -> int:
    with app.app_context():
        event = service.create_event(
            EventData(
                title=title,
                kind="training",
                all_day=True,
                start=date(2023, 9, 4),
                end=date(2023, 9, 6),
                timezone="Europe/Minsk",
                visibility=visibility,
            )
        )
        db.session.commit()
        return event.id


def test_anonymous_month_is_cached_revalidated_and_renewed_by_an_edit(app, client):
    app.extensions["page_cache"].clear()
    event_id = add(app, "Interaction-2023")
    first = client.get("/calendar/2023/9")
    again = client.get("/calendar/2023/9")
    assert first.data == again.data and first.headers["ETag"] == again.headers["ETag"]
    assert (
        client.get("/calendar/2023/9", headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )
    with app.app_context():
        event = db.session.get(Event, event_id)
        service.cancel_event(event)
        db.session.commit()
    after = client.get("/calendar/2023/9", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != first.headers["ETag"]
    assert b"cancelled" in after.data


def test_staff_never_get_the_anonymous_copy(app, client):
    app.extensions["page_cache"].clear()
    add(app, "Public exercise")
    add(app, "Internal exercise", visibility="internal")
    anonymous = client.get("/calendar/2023/9").get_data(as_text=True)
    assert "Internal exercise" not in anonymous
    make_user(app, "vera", "viewer")
    login(client, "vera")
    staff = client.get("/calendar/2023/9").get_data(as_text=True)
    assert "Internal exercise" in staff and "vera" in staff
    client.post("/logout", data={})  # without CSRF: refused, still signed in
    assert "Internal exercise" in client.get("/calendar/2023/9").get_data(as_text=True)


def test_filters_and_zone_are_part_of_the_cached_page(app, client):
    app.extensions["page_cache"].clear()
    add(app, "Interaction-2023")
    plain = client.get("/calendar/2023/9").get_data(as_text=True)
    sessions_only = client.get("/calendar/2023/9?kind=session").get_data(as_text=True)
    assert "Interaction-2023" in plain and "Interaction-2023" not in sessions_only
    assert client.get("/calendar/2023/9?tz=Mars/Base").status_code == 400


def test_each_app_keeps_its_own_page_cache(app, client, app_config, tmp_path, monkeypatch):
    add(app, "Interaction-2023")
    client.get("/calendar/2023/9")
    assert len(app.extensions["page_cache"]._items) == 1
    monkeypatch.setenv("CALENDAR_INSTANCE_PATH", str(tmp_path / "other-instance"))
    other = create_app(app_config)
    assert other.extensions["page_cache"] is not app.extensions["page_cache"]
    assert len(other.extensions["page_cache"]._items) == 0
