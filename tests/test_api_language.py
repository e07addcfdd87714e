"""The API's error messages follow the request's Accept-Language."""

from tests.factories import api_token


def test_api_errors_are_in_the_language_the_client_asks_for(client, app):
    ru = {"Accept-Language": "ru"}
    answer = client.post("/api/v1/events", json={}, headers=ru)
    assert answer.status_code == 401
    assert answer.get_json()["error"].startswith("Для записи нужен токен API")
    assert client.get("/api/v1/events/999999", headers=ru).get_json()["error"] == (
        "Такого события нет."
    )
    english = client.get("/api/v1/events/999999", headers={"Accept-Language": "en"})
    assert english.get_json()["error"] == "No such event."


def test_a_refused_event_says_so_in_russian(client, app):
    headers = {"Accept-Language": "ru", "Authorization": f"Bearer {api_token(app)}"}
    answer = client.post("/api/v1/events", json={"title": "x"}, headers=headers)
    assert answer.status_code == 422
    assert answer.get_json()["error"] == "Некоторые поля заполнены неверно."
    assert answer.get_json()["fields"]
