"""Paging arithmetic (domain/paging.py): counts, first / previous / next / last, the end."""

from __future__ import annotations

import pytest

from calendar_app.domain.paging import MAX_PAGE, PageNumberError, paginate, parse_page


def test_a_list_of_1040_rows_in_pages_of_25_has_42_pages():
    page = paginate(1040, 25, 3)
    assert (page.count, page.offset, page.first_row, page.last_row) == (42, 50, 51, 75)
    assert (page.first, page.previous, page.next, page.last) == (1, 2, 4, 42)
    assert page.several and not page.past_end


def test_the_first_page_leads_only_forward():
    page = paginate(60, 25, 1)
    assert (page.first, page.previous, page.next, page.last) == (None, None, 2, 3)


def test_the_last_page_is_short_and_leads_only_back():
    page = paginate(60, 25, 3)
    assert (page.first_row, page.last_row) == (51, 60)
    assert (page.first, page.previous, page.next, page.last) == (1, 2, None, None)


def test_a_page_past_the_end_holds_nothing_and_leads_to_the_last_page():
    page = paginate(10_000, 25, 500)
    assert page.past_end and page.count == 400
    assert (page.first_row, page.last_row) == (0, 0)
    assert (page.previous, page.next, page.last) == (None, None, 400)


def test_an_empty_list_is_one_empty_page_with_nothing_to_page_through():
    page = paginate(0, 25, 1)
    assert page.count == 1 and not page.past_end and not page.several
    assert (page.first_row, page.last_row) == (0, 0)
    assert paginate(0, 25, 2).past_end


def test_a_list_that_fills_its_pages_exactly_has_no_empty_last_page():
    assert paginate(50, 25, 2).count == 2 and paginate(50, 25, 2).next is None


@pytest.mark.parametrize(
    ("text", "number"), [(None, 1), ("", 1), (" 3 ", 3), ("0", 1), (str(MAX_PAGE), MAX_PAGE)]
)
def test_page_numbers_from_the_url(text, number):
    assert parse_page(text) == number


@pytest.mark.parametrize("text", ["-1", "two", "1.5", "٣", str(MAX_PAGE + 1), "9" * 40])
def test_what_is_not_a_page_number_is_refused(text):
    with pytest.raises(PageNumberError, match="is not a page number"):
        parse_page(text)
