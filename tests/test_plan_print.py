"""The plan printed: a PDF from the page's own template (WeasyPrint), A3 landscape by
default, its text extractable (pdftotext) in Latin and Cyrillic, its table header on every
page; and the Excel table, read back with openpyxl."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Force

from .helpers import exercise_data

A3_LANDSCAPE = (1190.55, 841.89)  # points
A4_LANDSCAPE = (841.89, 595.28)
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"),
    reason="poppler-utils not installed (apt-get install poppler-utils)",
)


def add(app, data: EventData) -> None:
    with app.app_context():
        service.create_event(data)
        db.session.commit()


def pdf_pages(path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True, check=True
    ).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, _, height = line.split("size:")[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


def pdf_text(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


def save_pdf(client, tmp_path, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.data)
    return path


@needs_poppler
def test_the_pdf_is_a3_landscape_with_latin_and_cyrillic_titles_as_text(app, client, ids, tmp_path):
    add(app, exercise_data("Interaction-2023", date(2023, 9, 4), force_ids=[ids["crrf"]]))
    add(app, exercise_data("Взаимодействие-2023", date(2023, 9, 11), force_ids=[ids["crrf"]]))
    path = save_pdf(client, tmp_path, "/plan/2023.pdf")
    sizes = pdf_pages(path)
    assert all(abs(w - A3_LANDSCAPE[0]) < 1 and abs(h - A3_LANDSCAPE[1]) < 1 for w, h in sizes)
    text = " ".join(pdf_text(path).split())
    assert "Plan of joint training of formations of forces and means of the collective" in text
    assert "Interaction-2023" in text and "Взаимодействие-2023" in text
    assert "Not approved yet" in text
    assert f"Page 1 of {len(sizes)}" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Noto-Sans" in fonts and " yes yes " in fonts  # embedded, subset


@needs_poppler
def test_paper_a4_is_asked_for_and_a_bad_paper_is_refused(app, client, tmp_path):
    path = save_pdf(client, tmp_path, "/plan/2023.pdf?paper=a4")
    (width, height), *_ = pdf_pages(path)
    assert abs(width - A4_LANDSCAPE[0]) < 1 and abs(height - A4_LANDSCAPE[1]) < 1
    assert client.get("/plan/2023.pdf?paper=letter").status_code == 400


@needs_poppler
def test_the_header_row_is_repeated_on_page_two_of_a_plan_with_many_forces(app, client, tmp_path):
    with app.app_context():
        forces = [Force(slug=f"unit-{n:02d}", name=f"Unit {n:02d}") for n in range(80)]
        db.session.add_all(forces)
        db.session.commit()
        force_ids = [force.id for force in forces]
    for n, force_id in enumerate(force_ids):
        add(app, exercise_data(f"Drill {n:02d}", date(2023, 1 + n % 12, 3), force_ids=[force_id]))
    path = save_pdf(client, tmp_path, "/plan/2023.pdf")
    assert len(pdf_pages(path)) >= 2  # two pages of grid (the list by month is not printed)
    first, second = pdf_text(path, 1), pdf_text(path, 2)
    for page in (first, second):
        assert "January" in page and "September" in page and "December" in page
        assert "Force" in page
    assert "Unit 00" in first and "Unit 79" in second
    assert "Page 2 of" in second


def test_the_excel_table_reads_back_as_the_plans_rows(app, client, ids):
    add(
        app,
        exercise_data(
            "Interaction-2023",
            date(2023, 9, 4),
            force_ids=[ids["crrf"], ids["peacekeeping"]],
            location_id=ids["belarus"],
            status="planned",
        ),
    )
    add(app, exercise_data("Взаимодействие-2023", date(2023, 10, 2), status="cancelled"))
    add(app, exercise_data("Next year", date(2024, 3, 1)))
    response = client.get("/plan/2023.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.data)).active
    rows = [  # dates come back as midnight datetimes; empty cells as None
        tuple(value.date() if hasattr(value, "date") else value for value in row)
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows == [
        ("Title", "Kind", "Status", "Start", "End", "Forces", "Location", "Country"),
        (
            "Interaction-2023",
            "training",
            "planned",
            date(2023, 9, 4),
            date(2023, 9, 6),
            "Collective Peacekeeping Forces, Collective Rapid Reaction Forces",
            "Training grounds of the Republic of Belarus, Belarus",
            "Belarus",
        ),
        (
            "Взаимодействие-2023",
            "training",
            "cancelled",
            date(2023, 10, 2),
            date(2023, 10, 4),
            None,
            None,
            None,
        ),
    ]
