"""Bilingual content: the pure fallback that decides which language is shown."""

from calendar_app.domain.bilingual import localized


def test_viewer_language_first():
    assert localized("Interaction-2023", "Взаимодействие-2023", "ru") == (
        "Взаимодействие-2023",
        "ru",
    )
    assert localized("Interaction-2023", "Взаимодействие-2023", "en") == ("Interaction-2023", "en")
    assert localized("Interaction-2023", "Взаимодействие-2023", "ru_RU") == (
        "Взаимодействие-2023",
        "ru",
    )


def test_fallback_to_the_other_language_names_its_language():
    assert localized("Search-2023", None, "ru") == ("Search-2023", "en")
    assert localized("Search-2023", "  ", "ru") == ("Search-2023", "en")
    assert localized("", "Поиск-2023", "en") == ("Поиск-2023", "ru")
    assert localized(None, "Поиск-2023", None) == ("Поиск-2023", "ru")


def test_nothing_in_either_language():
    assert localized("", None, "ru") == ("", "ru")
    assert localized(None, "", "en") == ("", "en")
