"""A view's arguments that make no sense (an unknown kind, a month 13): a 400 page saying
why, in the request's language."""

from __future__ import annotations

from flask import render_template

from ..domain.filters import FilterError
from ..i18n.messages import translate


def reason(error: Exception) -> str:
    """The error's message (a marked domain.text.Message keeps its template) translated."""
    return translate(error.args[0]) if error.args else ""


def bad_arguments(error: FilterError):
    return render_template("schedule/error.html", message=reason(error)), 400
