"""Messages of the rules carry their values so that the boundary translates them whole."""

import pickle

from calendar_app.domain.text import N_, Message
from calendar_app.i18n.messages import translate, translate_all


def test_a_message_reads_as_its_english_text_and_keeps_template_and_values():
    message = Message(N_("Keep this under %(limit)s characters."), limit=200)
    assert message == "Keep this under 200 characters."
    assert message.template == "Keep this under %(limit)s characters."
    assert message.params == {"limit": 200}
    again = pickle.loads(pickle.dumps(message))  # noqa: S301 - our own bytes
    assert again == message and again.params == {"limit": 200}


def test_translate_without_a_translation_gives_the_english_text(app):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        message = Message(N_("Untranslated test message %(n)s."), n=3)
        assert translate(message) == "Untranslated test message 3."
        assert translate_all({"title": message, "x": [message]}) == {
            "title": "Untranslated test message 3.",
            "x": ["Untranslated test message 3."],
        }
        assert translate("") == ""
