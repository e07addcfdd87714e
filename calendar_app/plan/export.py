"""The plan as the table staff exchange by e-mail: one row per event, as an .xlsx file,
in the language asked for (texts of the records in it where they have one)."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..domain.countries import country_name
from ..domain.text import N_
from ..vocab import KIND_LABELS, STATUS_LABELS

HEADERS = (
    N_("Title"),
    N_("Kind"),
    N_("Status"),
    N_("Start"),
    N_("End"),
    N_("Forces"),
    N_("Location"),
    N_("Country"),
)
SHEET = N_("Plan")
WIDTHS = (40, 12, 12, 12, 12, 40, 50, 20)


def _same(message: str) -> str:
    return message


def _word(labels: dict[str, str], name: str, gettext: Callable[[str], str]) -> str:
    """A kind or status as a cell says it: 'training', «учения» (lower case, as a value)."""
    return gettext(labels[name]).lower() if name in labels else name


def _forces(item, language: str) -> str:
    record = item.record
    if record is None:
        return ", ".join(item.event.forces)
    names = {force.name: force.localized_name(language)[0] for force in record.forces}
    return ", ".join(names.get(name, name) for name in item.event.forces)


def _place(item, language: str) -> str:
    record = item.record
    if record is not None and record.location is not None:
        return record.location.label(language)
    return item.entry["place"]


def rows(items, language: str = "en", gettext: Callable[[str], str] = _same) -> list[tuple]:
    """One row per event (or occurrence) of the plan, in order of start; dates are the
    days it covers, end inclusive."""
    return [
        (
            item.record.localized_title(language)[0] if item.record else item.event.title,
            _word(KIND_LABELS, item.event.kind, gettext),
            _word(STATUS_LABELS, item.event.status, gettext),
            item.occurrence.first_day,
            item.occurrence.last_day,
            _forces(item, language),
            _place(item, language),
            country_name(item.entry["country"], language) if item.entry["country"] else "",
        )
        for item in items
    ]


def workbook(
    title: str,
    table: list[tuple],
    language: str = "en",
    gettext: Callable[[str], str] = _same,
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = gettext(SHEET)
    sheet.append([gettext(header) for header in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append([value if value != "" else None for value in row])  # a blank cell
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if index in (4, 5):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    book.properties.title = title
    book.properties.language = language
    out = BytesIO()
    book.save(out)
    return out.getvalue()
