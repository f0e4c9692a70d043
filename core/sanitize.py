"""Rich text (the penjelasan of an indicator) is kept as HTML, cleaned by nh3.

Only the structure the documents use survives: paragraphs, line breaks, emphasis, lists,
sub/superscript. No attributes at all, so no style, no links, no images, no scripts.
"""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "sub", "sup"}


def sanitize_html(html: str) -> str:
    if not html:
        return ""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, link_rel=None).strip()
