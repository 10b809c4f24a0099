"""Small vector charts for the PDF, written as SVG markup on the server (WeasyPrint draws SVG;
there is no JavaScript in a PDF). Two shapes are enough for a work review: bars by township and
a line over the years. The dashboard draws the same data with ECharts in the browser.
"""

import math
from decimal import Decimal

from django.conf import settings
from django.utils.html import escape

INK, GRID, MUTED = "#222222", "#d9d9d9", "#666666"
BAR, LINE, ACCENT = "#4a6fa5", "#b03a2e", "#b03a2e"


def _float(value):
    """A number, or None for a missing one ("—": a ratio with no base)."""
    try:
        return float(Decimal(str(value)))
    except (ArithmeticError, ValueError, TypeError):
        return None


def nice_ticks(top, count=4):
    """Round axis ticks from 0 to at least `top` (1, 2, 2.5 or 5 × 10ⁿ steps)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks, value = [], 0.0
    while value < top - 1e-9:
        ticks.append(value)
        value += step
    ticks.append(value)
    return ticks


def number_label(value):
    """1234 → "1234", 13.65 → "13.65", 12.0 → "12"."""
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(x, y, content, *, size=11, anchor="start", fill=INK, weight="normal"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}">{escape(content)}</text>'
    )


def _svg(width, height, parts):
    family = escape(settings.PDF_FONT_SANS)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{family}, sans-serif">'
        + "".join(parts)
        + "</svg>"
    )


def bar_chart(labels, values, *, unit="", width=640, bar_height=16):
    """Horizontal bars, one per label (township names read best on the left), value at the end."""
    values = [_float(v) for v in values]
    known = [v for v in values if v is not None]
    label_width = 12 + 13 * max((len(str(label)) for label in labels), default=2)
    top_pad, bottom_pad, right_pad = (24 if unit else 10), 26, 56
    gap = bar_height * 0.45
    height = int(top_pad + len(values) * (bar_height + gap) + bottom_pad)
    ticks = nice_ticks(max(known, default=0))
    plot_width = width - label_width - right_pad
    scale = plot_width / ticks[-1] if ticks[-1] else 0
    parts = []
    plot_bottom = height - bottom_pad
    for tick in ticks:
        x = label_width + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top_pad}" x2="{x:.1f}" y2="{plot_bottom}" '
            f'stroke="{GRID}" stroke-width="0.8"/>'
        )
        parts.append(_text(x, plot_bottom + 15, number_label(tick), size=10, anchor="middle"))
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top_pad + n * (bar_height + gap) + gap / 2
        length = (value or 0) * scale
        parts.append(
            f'<rect x="{label_width}" y="{y:.1f}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{BAR}"/>'
        )
        middle = y + bar_height / 2 + 4
        shown = "—" if value is None else number_label(value)
        parts.append(_text(label_width - 6, middle, str(label), size=11, anchor="end"))
        parts.append(_text(label_width + length + 4, middle, shown, size=10))
    parts.append(
        f'<line x1="{label_width}" y1="{top_pad}" x2="{label_width}" y2="{plot_bottom}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    if unit:
        parts.append(_text(width - 4, 12, f"单位：{unit}", size=10, anchor="end"))
    return _svg(width, height, parts)


def line_chart(labels, values, *, unit="", width=560, height=220):
    """A line over the years with its values marked; the last point (this period) stands out."""
    values = [_float(v) for v in values]
    left, right, top, bottom = 56, 24, 30, 30
    ticks = nice_ticks(max((v for v in values if v is not None), default=0))
    plot_w, plot_h = width - left - right, height - top - bottom
    scale = plot_h / ticks[-1] if ticks[-1] else 0
    inset = 28  # keep the first and last values clear of the axis labels
    step = (plot_w - 2 * inset) / max(len(values) - 1, 1)
    parts = []
    for tick in ticks:
        y = top + plot_h - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="0.8"/>'
        )
        parts.append(_text(left - 6, y + 4, number_label(tick), size=10, anchor="end"))
    points = [
        (
            left + inset + n * step if len(values) > 1 else left + plot_w / 2,
            top + plot_h - (v or 0) * scale,
        )
        for n, v in enumerate(values)
    ]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for n, ((x, y), value, label) in enumerate(zip(points, values, labels, strict=True)):
        last = n == len(points) - 1
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 if last else 3}" '
            f'fill="{ACCENT if last else "#ffffff"}" stroke="{LINE}" stroke-width="1.5"/>'
        )
        parts.append(
            _text(
                x,
                y - 8,
                "—" if value is None else number_label(value),
                size=10,
                anchor="middle",
                weight="bold" if last else "normal",
            )
        )
        parts.append(_text(x, height - 10, str(label), size=10, anchor="middle"))
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    if unit:
        parts.append(_text(width - right, 12, f"单位：{unit}", size=10, anchor="end"))
    return _svg(width, height, parts)
