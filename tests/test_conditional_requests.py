"""Revalidation as RFC 9110 says: If-None-Match uses the weak comparison, so a proxy's or
client's W/"…" form of our ETag still gets a 304, and any other tag gets the body."""

from __future__ import annotations

import pytest

from .factories import add_talks


@pytest.fixture
def event(app):
    add_talks(app)


@pytest.mark.parametrize("url", ["/calendar.ics", "/calendar/2024/9"])
def test_a_weak_form_of_the_etag_revalidates_to_304(client, event, url):
    first = client.get(url)
    tag = first.headers["ETag"]
    assert tag.startswith('"')
    for header in (tag, f"W/{tag}", f'"other", W/{tag}', "*"):
        again = client.get(url, headers={"If-None-Match": header})
        assert again.status_code == 304, header
        assert again.data == b""


@pytest.mark.parametrize("url", ["/calendar.ics", "/calendar/2024/9"])
def test_another_etag_gets_the_whole_body(client, event, url):
    first = client.get(url)
    other = client.get(url, headers={"If-None-Match": 'W/"not-ours"'})
    assert other.status_code == 200 and other.data == first.data
