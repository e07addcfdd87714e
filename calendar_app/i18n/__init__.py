"""The interface's languages: which one a request gets, the switcher, and the catalogues
(calendar_app/translations, compiled .mo files committed beside their .po)."""
