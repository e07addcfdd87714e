"""The plan as the table staff exchange by e-mail: one row per event, as an .xlsx file."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..domain.countries import country_name

HEADERS = ("Title", "Kind", "Status", "Start", "End", "Forces", "Location", "Country")
WIDTHS = (40, 12, 12, 12, 12, 40, 50, 20)


def rows(items) -> list[tuple]:
    """One row per event (or occurrence) of the plan, in order of start; dates are the
    days it covers, end inclusive."""
    return [
        (
            item.event.title,
            item.event.kind,
            item.event.status,
            item.occurrence.first_day,
            item.occurrence.last_day,
            ", ".join(item.event.forces),
            item.entry["place"],
            country_name(item.entry["country"]) if item.entry["country"] else "",
        )
        for item in items
    ]


def workbook(title: str, table: list[tuple]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(HEADERS)
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
    out = BytesIO()
    book.save(out)
    return out.getvalue()
