"""Charts as SVG drawn on the server: the same picture on the page and in the printed report,
with no script and nothing fetched. Each bar carries its number as text, so the chart reads in
grey print too."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from performance import capaian as engine

WIDTH, LABEL, BAR_H, GAP = 700, 330, 14, 6


def capaian_bars(items: list[tuple[str, engine.Result, engine.Band | None]]) -> SafeString:
    """One horizontal bar per IKU: its capaian (capped at 150 % for drawing), a line at 100 %."""
    if not items:
        return mark_safe("")
    scale_max = Decimal(150)
    plot = WIDTH - LABEL - 60
    height = len(items) * (BAR_H + GAP) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" font-family="IKU Sans, sans-serif" '
        f'font-size="10">'
    ]
    x100 = LABEL + plot * 100 / 150
    bottom = height - 18
    parts.append(  # drawn first: bars and their numbers lie over it
        f'<line x1="{x100:.1f}" y1="2" x2="{x100:.1f}" y2="{bottom}" stroke="#000" '
        f'stroke-dasharray="3,2"/>'
    )
    for index, (label, result, band) in enumerate(items):
        y = 6 + index * (BAR_H + GAP)
        text = label if len(label) <= 58 else label[:56] + "…"
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR_H - 3}" text-anchor="end">{escape(text)}</text>'
        )
        if result.percent is None:
            parts.append(
                f'<text x="{LABEL + 4}" y="{y + BAR_H - 3}" fill="#666">'
                f"{escape(result.reason or '—')}</text>"
            )
            continue
        shown = min(result.percent, scale_max)
        width = float(plot * shown / scale_max)
        colour = band.colour if band else "#888"
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="{BAR_H}" fill="{colour}" '
            f'stroke="#333" stroke-width="0.5"/>'
        )
        label_x = LABEL + width + 2
        parts.append(  # a white ground keeps the number readable across the 100 % line
            f'<rect x="{label_x:.1f}" y="{y}" width="{len(result.display) * 6 + 4}" '
            f'height="{BAR_H}" fill="#fff"/>'
        )
        parts.append(
            f'<text x="{label_x + 2:.1f}" y="{y + BAR_H - 3}">{escape(result.display)}</text>'
        )
    parts.append(f'<text x="{x100:.1f}" y="{height - 4}" text-anchor="middle">100 %</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def trend(points: list[tuple[int, Decimal | None]]) -> SafeString:
    """A small line of the capaian over the years of the period (years without one are gaps)."""
    known = [(year, value) for year, value in points if value is not None]
    if len(known) < 2:  # one point is no trend
        return mark_safe("")
    width, height, pad = 120, 28, 3
    top = max(max(v for _y, v in known), Decimal(100))
    step = (width - 2 * pad) / (len(points) - 1)

    def y_of(value):
        return height - pad - float(value / top) * (height - 2 * pad)

    coords = [
        (pad + i * step, y_of(value))
        for i, (_year, value) in enumerate(points)
        if value is not None
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    title = ", ".join(
        f"{year}: {engine.pct(value) if value is not None else '—'}" for year, value in points
    )
    return mark_safe(  # noqa: S308 - numbers and years only
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img"><title>{escape(title)}'
        f'</title><line x1="0" y1="{y_of(100):.1f}" x2="{width}" y2="{y_of(100):.1f}" '
        f'stroke="#bbb" stroke-dasharray="2,2"/><polyline points="{line}" fill="none" '
        f'stroke="#1b5e20" stroke-width="1.5"/>'
        + "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8"/>' for x, y in coords)
        + "</svg>"
    )
