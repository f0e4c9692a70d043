"""The report's PDF, laid out by a worker (never in a request) and kept by its content in
`reports/<unit id>/` (`core.rendering.cache`)."""

from core.rendering import cache, engine
from core.rendering.cache import Render, content_key
from performance.report.html import report_html


def folder(unit_id: int) -> str:
    return f"reports/{unit_id}"


def cached(unit_id: int, key: str) -> Render | None:
    return cache.cached_render(folder(unit_id), key)


def render_report_pdf(unit, year: int) -> Render:
    """The report's PDF as it prints now, rendered and stored unless this content already is
    (the worker's task)."""
    html = report_html(unit, year)
    key = content_key(html)
    ready = cached(unit.pk, key)
    if ready is None:
        pdf = engine.html_to_pdf(html)
        cache.store(cache.pdf_path(folder(unit.pk), key), pdf)
        ready = Render(key, cache.page_count(pdf), pdf)
    return ready
