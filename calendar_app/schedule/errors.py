"""A view's arguments that make no sense (an unknown kind, a month 13): a 400 page saying why."""

from __future__ import annotations

from flask import render_template

from ..domain.filters import FilterError


def bad_arguments(error: FilterError):
    return render_template("schedule/error.html", message=str(error)), 400
