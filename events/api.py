"""JSON API placeholder (filled in step 4)."""

from __future__ import annotations

from flask import Blueprint


def register(bp: Blueprint) -> None:
    return None
