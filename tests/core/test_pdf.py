"""The URL fetcher of every PDF: the project's static files and the system's fonts, nothing
else (tests/reports/test_pdf_safety.py renders hostile documents against a listener)."""

import logging
import subprocess

import pytest
from django.conf import settings

from apps.core.pdf import RefusedURL, allowed_path, html_to_pdf, url_fetcher

STATIC = settings.BASE_DIR / "static"


def cjk_font_file():
    return subprocess.run(
        ["fc-match", "-f", "%{file}", settings.PDF_FONT_SANS],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_static_file_is_served_from_disk():
    response = url_fetcher().fetch((STATIC / "portal.css").as_uri())
    try:
        assert response.content_type == "text/css"
        assert response.read() == (STATIC / "portal.css").read_bytes()
    finally:
        response.close()


def test_the_cjk_font_is_served():
    path = cjk_font_file()
    assert path.startswith("/usr/share/fonts/")
    response = url_fetcher().fetch(f"file://{path}")
    try:
        assert response.read(4) in (b"ttcf", b"OTTO", b"\0\1\0\0")
    finally:
        response.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/portal.css",
        "https://example.com/x.png",
        "ftp://127.0.0.1/x",
        "data:text/css,body%7Bcolor:red%7D",
        "file:///etc/passwd",
        (settings.BASE_DIR / "manage.py").as_uri(),
        f"{STATIC.as_uri()}/../manage.py",
        f"{STATIC.as_uri()}/%2e%2e/manage.py",
        f"file://example.com{STATIC / 'portal.css'}",
        "file:///usr/share/fonts/../../../etc/passwd",
        "file:///proc/self/environ",
        "file:///dev/urandom",
        f"{STATIC.as_uri()}/no-such-file.css",
        STATIC.as_uri(),
    ],
)
def test_everything_else_is_refused(url):
    with pytest.raises(RefusedURL):
        url_fetcher().fetch(url)


def test_a_font_file_outside_the_font_directories_is_refused(tmp_path):
    font = tmp_path / "x.ttf"
    font.write_bytes(b"\0\1\0\0")
    with pytest.raises(RefusedURL):
        allowed_path(font.as_uri())


def test_a_link_inside_static_to_a_file_outside_is_refused(settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "ok.css").write_text("p { color: red }")
    (static / "leak.css").symlink_to("/etc/passwd")
    settings.STATICFILES_DIRS = [static]
    assert allowed_path((static / "ok.css").as_uri()) == static / "ok.css"
    with pytest.raises(RefusedURL):
        allowed_path((static / "leak.css").as_uri())


def test_a_pdf_loads_static_files_by_relative_url_and_refuses_the_rest(caplog):
    html = (
        '<html><body><img src="favicon.svg" width="20">'
        '<img src="http://127.0.0.1:9/x.png"></body></html>'
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf, pages = html_to_pdf(html)
    assert pdf.startswith(b"%PDF") and pages == 1
    failed = [r.getMessage() for r in caplog.records if "Failed to load" in r.getMessage()]
    assert len(failed) == 1 and "127.0.0.1:9" in failed[0] and "RefusedURL" in failed[0]
