"""The plan's page as a PDF, through WeasyPrint (CSS paged media). Its URL fetcher reads
our own static files from disk and data: addresses (the rows' week lines), nothing
else: no network, no file outside them."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFiles(URLFetcher):
    """Answers URLs under `prefix` (the static files' absolute URL) from `folder`."""

    def __init__(self, folder: str, prefix: str):
        super().__init__(allowed_protocols=("http", "https", "data"))
        self.folder = Path(folder).resolve()
        self.prefix = prefix

    def fetch(self, url, headers=None):
        if url.startswith("data:"):  # in the page itself: nothing is fetched
            return super().fetch(url, headers)
        if not url.startswith(self.prefix):
            raise ValueError(f"only the app's own static files are fetched, not {url[:100]}")
        relative = unquote(urlsplit(url).path[len(urlsplit(self.prefix).path) :])
        path = (self.folder / relative).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file():
            raise ValueError(f"no static file {relative[:100]}")
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": mime or "application/octet-stream"}
        )


def render_pdf(html: str, static_folder: str, base_url: str, static_path: str) -> bytes:
    """`base_url`: the site's address (links in the PDF lead there); `static_path`: where
    the static files are under it ("/static/")."""
    prefix = base_url.rstrip("/") + static_path
    document = HTML(
        string=html,
        base_url=base_url.rstrip("/") + "/",
        url_fetcher=StaticFiles(static_folder, prefix),
    )
    return document.write_pdf()
