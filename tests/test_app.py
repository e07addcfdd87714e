from datetime import datetime
from zoneinfo import ZoneInfo


def test_home_redirects_to_the_current_month_in_the_display_zone(client):
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/calendar/{today.year}/{today.month}")


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_month_page_lists_the_demo_events(client, runner):
    runner.invoke(args=["seed-demo"])
    page = client.get("/calendar/2023/9").get_data(as_text=True)
    assert "Interaction-2023" in page and "Indestructible Brotherhood-2023" in page
    assert "Secretary General meets" not in page


def test_month_page_hides_internal_events_from_anonymous_visitors(client, runner):
    runner.invoke(args=["seed-demo"])
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    page = client.get(f"/calendar/{today.year}/{today.month}").get_data(as_text=True)
    assert "Meeting of the CSTO Permanent Council" in page
    assert "Internal: drafting" not in page


def test_month_out_of_range_is_404(client):
    assert client.get("/calendar/2024/13").status_code == 404
    assert client.get("/calendar/99999/1").status_code == 404
