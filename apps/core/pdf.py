"""PDF rendering: HTML templates through WeasyPrint, with CJK fonts embedded and nothing fetched
from outside the project.

WeasyPrint silently drops glyphs it has no font for, so `check_fonts()` fails loudly when the
Noto CJK fonts (Debian package fonts-noto-cjk) are missing, instead of producing blank Chinese.

WeasyPrint also follows every URL in what it renders (stylesheets, `@import`, images, CSS
`url()`, `@font-face`, SVG references) over http(s), ftp and file://. The PDFs hold text staff
typed (review titles and sections, organisation names), so one slip in a template would let that
text make the server call an internal address or embed a local file. Every PDF therefore goes
through `html_to_pdf`, whose fetcher answers only files inside the project's static directories
and the system's font directories, and refuses everything else without opening a connection.
"""

import mimetypes
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string

# Where fontconfig's packages put fonts (fonts-noto-cjk: /usr/share/fonts/opentype/noto).
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONT_SUFFIXES = {".otf", ".ttf", ".ttc", ".woff", ".woff2"}


class MissingFontError(RuntimeError):
    pass


class RefusedURL(ValueError):
    """A URL the PDFs may not read. WeasyPrint logs it and renders without the resource."""


@lru_cache(maxsize=1)
def check_fonts():
    """Raise unless fontconfig knows the serif and sans CJK families the PDFs ask for."""
    if not shutil.which("fc-list"):
        raise MissingFontError("fontconfig (fc-list) is not installed")
    families = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True
    ).stdout
    for family in (settings.PDF_FONT_SERIF, settings.PDF_FONT_SANS):
        if family not in families:
            raise MissingFontError(f"font '{family}' not found: install fonts-noto-cjk")
    return True


def static_dirs():
    """The project's own static files: its source folders and the collected copy."""
    dirs = [d[1] if isinstance(d, (list, tuple)) else d for d in settings.STATICFILES_DIRS]
    return [Path(d).resolve() for d in [*dirs, settings.STATIC_ROOT] if d]


def allowed_path(url):
    """The local file a URL names, when a PDF may read it; otherwise `RefusedURL`.

    Only `file:` URLs on this machine, after resolving `..` and symbolic links: any file under
    the static directories, and font files under the font directories."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"PDFs read only the project's own files, not {url[:200]}")
    path = Path(url2pathname(parts.path)).resolve()
    inside = any(path.is_relative_to(d) for d in static_dirs())
    if not inside and path.suffix.lower() in FONT_SUFFIXES:
        inside = any(path.is_relative_to(d.resolve()) for d in FONT_DIRS)
    if not inside or not path.is_file():
        raise RefusedURL(f"not a static file or font: {url[:200]}")
    return path


@lru_cache(maxsize=1)
def _fetcher_class():
    # Built on first use: importing WeasyPrint takes half a second, and most requests make no PDF.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFetcher(URLFetcher):
        """Serves `allowed_path` files from disk; never reaches the network."""

        def fetch(self, url, headers=None):
            path = allowed_path(url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.open("rb"), {"Content-Type": kind})

    return ProjectFetcher


def url_fetcher():
    """The URL fetcher of every PDF (see the module docstring)."""
    return _fetcher_class()()


def html_to_pdf(html):
    """(PDF bytes, page count) of a final HTML page. Relative URLs in it name static files
    (`vendor/…` is `static/vendor/…`)."""
    from weasyprint import HTML

    check_fonts()
    base_url = f"{static_dirs()[0].as_uri()}/"
    document = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher()).render()
    return document.write_pdf(), len(document.pages)


def render_pdf(template_name, context, *, request=None):
    """PDF bytes of a template that extends `pdf/base.html` (A4, running header, page
    numbers)."""
    context = {
        **context,
        "font_serif": settings.PDF_FONT_SERIF,
        "font_sans": settings.PDF_FONT_SANS,
    }
    html = render_to_string(template_name, context, request=request)
    return html_to_pdf(html)[0]
