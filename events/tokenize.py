"""Search tokens that behave the same on SQLite FTS5 and PostgreSQL full-text search.

Chinese is written without spaces, so no word splitter is needed: a CJK run becomes every
single character plus every overlapping character bigram, which finds two-character words
(创业) and, by requiring each of their bigrams, longer ones (创新创业). Latin text becomes
lower-cased words with a light plural stemming. Every token is plain ASCII (CJK characters
as hex code points) so both databases' stock tokenizers keep it as one word.
"""

from __future__ import annotations

import re
import unicodedata

from core.cjk import HAN

_PIECES = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{HAN}]")


def _stem(word: str) -> str:
    """Light English stemming: plural forms only (summits → summit, companies → company)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _cjk_token(chars: str) -> str:
    return "c" + "".join(f"{ord(ch):05x}" for ch in chars)


def _cjk_tokens(run: str, *, for_query: bool) -> list[str]:
    """Index: every character and bigram. Query: bigrams only (a single character alone)."""
    bigrams = [_cjk_token(run[i : i + 2]) for i in range(len(run) - 1)]
    if for_query:
        return bigrams or [_cjk_token(run)]
    return [_cjk_token(ch) for ch in run] + bigrams


def _latin_token(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in folded if ch.isascii() and ch.isalnum())
    return _stem(plain) if plain else ""


def tokens(text: str, *, for_query: bool = False) -> list[str]:
    """The search tokens of ``text`` in order; query tokens are all required to match."""
    out: list[str] = []
    for piece in _PIECES.findall(unicodedata.normalize("NFKC", text or "")):
        if _IS_CJK.match(piece):
            out.extend(_cjk_tokens(piece, for_query=for_query))
        elif token := _latin_token(piece):
            out.append(token)
    return out


def search_text(*texts: str) -> str:
    """The indexed text of several fields: their tokens, de-duplicated, space-separated."""
    seen = dict.fromkeys(tok for text in texts for tok in tokens(text))
    return " ".join(seen)


def query_tokens(query: str, limit: int = 32) -> list[str]:
    """The distinct tokens of a visitor's query, at most ``limit`` (longer queries are cut)."""
    return list(dict.fromkeys(tokens(query, for_query=True)))[:limit]
