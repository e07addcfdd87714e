"""The checker that finds English left on Russian pages finds it, and only it."""

from tests.i18n_check import english_words


def test_visible_and_spoken_english_is_found():
    html = (
        '<html lang="ru"><body><button>Save</button><a title="Next month">→</a>'
        '<input type="submit" value="Send"><p>Сохранено</p></body></html>'
    )
    assert [w.split(" ")[0] for w in english_words(html)] == ["Save", "Next", "month", "Send"]


def test_content_marked_as_english_codes_and_scripts_are_not_english_ui():
    html = (
        '<html lang="ru"><body><h1 lang="en">Interaction-2023</h1>'
        '<code translate="no">FREQ=WEEKLY</code><script>var x = "hello";</script>'
        "<p>Подписка iCal: webcal://example.org/feed.ics, пояс Europe/Moscow, PDF</p>"
        "<br><img src=x alt='Логотип'></body></html>"
    )
    assert english_words(html) == []
