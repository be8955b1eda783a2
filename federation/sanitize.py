"""Partner HTML made safe, for the normalize stage: a description (and Outlook's HTML copy) in,
plain text and allow-listed HTML out.

Descriptions arrive as plain text, as text with stray markup, or as Outlook's
``X-ALT-DESC;FMTTYPE=text/html``.  Only a small allow-list survives, and links only to
http/https/mailto: the HTML is shown on our pages, so a partner's feed must not be able to
inject scripts, styles or tracking images into them.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "a", "ul", "ol", "li", "strong", "em", "b", "i"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Tags producers actually put in descriptions; a bare "<" in prose ("a < b") is not markup.
_MARKUP = re.compile(
    r"</?(?:a|b|i|u|p|br|hr|em|strong|span|div|font|ul|ol|li|img|table|tr|td|th|h[1-6]"
    r"|html|body|head|meta|title|script|style|iframe|blockquote|pre|code)\b[^<>]*>"
    r"|&(?:nbsp|amp|lt|gt|quot|#\d+|#x[0-9a-f]+);",
    re.I,
)
_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/p|/li|/div|/h[1-6]|/tr)\s*>", re.I)
_DROPPED_WITH_CONTENT = {"script", "style", "head", "title", "template", "noscript"}


def looks_like_html(text: str) -> bool:
    """Whether the text contains tags or entities (not just a '<' in prose)."""
    return ("<" in text or "&" in text) and _MARKUP.search(text) is not None


def sanitize_html(markup: str) -> str:
    """The allow-listed subset of ``markup``; links keep only http/https/mailto targets."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def html_to_text(markup: str) -> str:
    """Plain text of ``markup``: line breaks where blocks end, tags removed, entities decoded."""
    broken = _BLOCK_END.sub("\n", markup)
    stripped = nh3.clean(broken, tags=set(), clean_content_tags=_DROPPED_WITH_CONTENT)
    text = html.unescape(stripped)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def split_description(text: str, alt_html: str | None = None) -> tuple[str, str | None]:
    """``(plain, sanitised HTML or None)`` for a DESCRIPTION and an optional X-ALT-DESC.

    The HTML version exists only when the source had markup; plain text is always given.
    """
    source = alt_html if alt_html and alt_html.strip() else None
    if source is None and looks_like_html(text):
        source = text
    if source is None:
        return text.strip(), None
    clean = sanitize_html(source)
    plain = text.strip() if text.strip() and not looks_like_html(text) else html_to_text(source)
    return plain, clean or None
