"""Printing off the request: a page that needs a document's PDF not rendered yet asks a worker
for it once per content and shows that it is being prepared (`core.rendering.jobs`)."""

from core.rendering.jobs import ask_once
from indicators.models import RenderJob
from indicators.printing import renders
from indicators.printing.pdf import print_snapshot
from indicators.printing.tasks import render_document


def render_or_wait(document, *, manual: bool = False):
    """The render if it is ready (a signed document's is its stored file); otherwise a render
    is asked for (once) and Waiting returned. With a backend that runs tasks at once (tests),
    the render is ready on return. Never renders here: the cost is building the print HTML."""
    signed = renders.signed_render(document, manual=manual)
    if signed is not None:
        return signed
    key = renders.render_key(print_snapshot(document), manual=manual)
    return ask_once(
        RenderJob,
        {"document": document, "key": key, "manual": manual},
        render_document,
        (document.pk, manual),
        lambda: renders.cached_render(document.pk, key),
    )
