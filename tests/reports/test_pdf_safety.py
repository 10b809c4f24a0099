"""Text staff type into a PDF (a review's title and sections, an organisation's name) cannot make
the server fetch anything: a listener on 127.0.0.1 stands for the internal service an attacker
would reach, and must hear nothing while the PDFs are rendered."""

import http.server
import subprocess
import threading

import pytest
from django.urls import reverse

from apps.core.models import User
from apps.core.pdf import html_to_pdf
from apps.reports import services
from apps.reports.periods import Period

LITERAL = "A&B <工会> \"引号\" '单引号'"


@pytest.fixture
def listener():
    """An HTTP server on a free local port; `.hits` lists the paths it was asked for."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.hits = hits
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def pdf_pages(data, tmp_path, first=None, last=None):
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    pages = ["-f", str(first)] if first else []
    pages += ["-l", str(last)] if last else []
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_listener_hears_a_direct_request(listener):
    """The control: the fixture would notice a fetch (so the tests below can fail)."""
    import urllib.request

    urllib.request.urlopen(f"{listener.url}/control", timeout=5).read()
    assert listener.hits == ["/control"]


def test_hostile_markup_fetches_nothing(listener, settings, tmp_path):
    """Whatever reaches the HTML, the fetcher refuses all but the project's own files."""
    url = listener.url
    html = f"""<!doctype html><html><head>
      <link rel="stylesheet" href="{url}/link.css">
      <style>@import url({url}/import.css);
        body {{ background-image: url({url}/bg); }}
        @font-face {{ font-family: X; src: url({url}/font.woff); }}
        h1 {{ background: url(file:///etc/passwd); font-family: X; }}</style>
    </head><body><h1>标题</h1><img src="{url}/img"><img src="file:///etc/passwd">
      <svg width="10" height="10"><image href="{url}/svg-image" width="10" height="10"/></svg>
      <object data="{url}/object"></object><embed src="{url}/embed">
    </body></html>"""
    pdf, pages = html_to_pdf(html)
    assert pdf.startswith(b"%PDF") and pages == 1
    assert listener.hits == []
    assert "root:" not in pdf_pages(pdf, tmp_path)


@pytest.fixture
def hostile_review(seeded, listener):
    """The county's 2025 review with CSS and URL payloads in its title and sections."""
    admin = User.objects.get(username="county_admin")
    review, _ = services.get_or_create_review(org=seeded, period=Period.year(2025), actor=admin)
    review.title = (
        f"{LITERAL}\n;content:counter(page);background-image:url({listener.url}/title-bg);a:"
    )
    review.save()
    first, second = review.sections.order_by("position")[:2]
    first.heading = f"</h2><img src={listener.url}/heading>"
    first.body = (
        f"<img src={listener.url}/y>\n"
        f"<style>@import url({listener.url}/import.css);</style>\n"
        f'<link rel="stylesheet" href="{listener.url}/link.css">\n'
        "url(file:///etc/passwd)"
    )
    first.save()
    second.body += f'\n"; background: url({listener.url}/body-bg); content: "{LITERAL}'
    second.save()
    return review


def test_issuing_a_hostile_review_fetches_nothing_and_shows_the_title_as_typed(
    hostile_review, listener, tmp_path
):
    issued = services.issue_review(
        review=hostile_review, actor=User.objects.get(username="county_admin")
    )
    assert listener.hits == []

    data = issued.pdf.read()
    whole = pdf_pages(data, tmp_path)
    assert "&amp;" not in whole and "&lt;" not in whole and "&#x27;" not in whole
    assert "root:" not in whole
    # The page header (from page 2 on) holds the title exactly as typed, newline and all.
    header = pdf_pages(data, tmp_path, first=2, last=2).splitlines()[0]
    assert header.startswith(LITERAL), header
    assert f"url({listener.url}/title-bg)" in header
    assert f"<img src={listener.url}/y>" in whole


@pytest.mark.parametrize(
    "payload",
    ["", "\n;content:counter(page);background-image:url(URL/x);a:"],
    ids=["plain", "css-injection"],
)
def test_the_organisation_summary_fetches_nothing_and_shows_the_name_as_typed(
    payload, listener, tree, client_for, tmp_path
):
    from apps.core.models import Employer, UnionOrg

    name = LITERAL + payload.replace("URL", listener.url)
    UnionOrg.objects.filter(pk=tree.union_a1.pk).update(name=name)
    # Enough covered employers for a second page, where the page header shows.
    Employer.objects.bulk_create(
        Employer(name=f"单位{n}", nature="170", township=tree.township_a, union=tree.union_a1)
        for n in range(60)
    )
    response = client_for("county_admin").get(
        reverse("core:org_summary_pdf", args=[tree.union_a1.pk])
    )
    assert response.status_code == 200
    assert listener.hits == []
    header = pdf_pages(response.content, tmp_path, first=2, last=2).splitlines()[0]
    assert header.startswith(LITERAL), header
    assert "&amp;" not in pdf_pages(response.content, tmp_path)
