"""PDF rendering: HTML templates through WeasyPrint, with CJK fonts embedded.

WeasyPrint silently drops glyphs it has no font for, so `check_fonts()` fails loudly when the
Noto CJK fonts (Debian package fonts-noto-cjk) are missing, instead of producing blank Chinese.
"""

import shutil
import subprocess
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string


class MissingFontError(RuntimeError):
    pass


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


def render_html(html, *, base_url=None):
    from weasyprint import HTML

    check_fonts()
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf()


def render_pdf(template_name, context, *, request=None):
    """Render a template that extends `pdf/base.html` (A4, running header, page numbers)."""
    context = {
        **context,
        "font_serif": settings.PDF_FONT_SERIF,
        "font_sans": settings.PDF_FONT_SANS,
    }
    html = render_to_string(template_name, context, request=request)
    return render_html(html)
