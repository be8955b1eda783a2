"""Concrete URLs for the app's URL rules, for the tests that walk the whole URL map."""

from __future__ import annotations

import re

from werkzeug.routing import Rule


def sample_url(rule: Rule, values: dict[str, object] | None = None) -> str:
    """A concrete URL for ``rule``: ``values`` by argument name, else English, id 1, the
    first choice of an ``any()``, "x" for strings."""

    def value(match: re.Match[str]) -> str:
        converter, args, name = match.groups()
        if values and name in values:
            return str(values[name])
        if converter == "any":
            return args.split(",")[0].strip()
        return {"lang": "en", "int": "1"}.get(converter, "x")

    return re.sub(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>", value, rule.rule)
