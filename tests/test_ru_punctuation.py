"""Russian dates end in «г.»: a sentence that ends with one must not add its own full stop
(«по 3 дек. 2027 г..»). Every demo page an admin sees, in Russian."""

from __future__ import annotations

import re

from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event

PAGES = ["/calendar/2023/9", "/calendar/2023/9/5/week", "/agenda", "/plan/2023",
         "/plan/2023/changes", "/conflicts?from=2023-01-01&to=2023-12-31", "/conflicts"]  # fmt: skip


def test_no_double_full_stop_after_a_russian_year(app, client, auth, demo):
    auth.login("admin")
    client.set_cookie("lang", "ru")
    with app.app_context():
        ids = db.session.scalars(select(Event.id).where(Event.deleted_at.is_(None))).all()
    for url in PAGES + [f"/events/{event_id}" for event_id in ids]:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        text = re.sub(r"<[^>]+>", "", response.get_data(as_text=True))
        assert "г.." not in text, (url, text[max(0, text.find("г..") - 80) : text.find("г..") + 5])
