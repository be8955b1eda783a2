"""Callables named by their import path and imported on their first call.

Every ``blueprint.py`` names its views (and the context processors and template globals that
live beside them) through :func:`views_of`, so that building the app imports no view module: a view
imports what its page needs (icalendar, networkx, requests, openpyxl…) at the top of its
module as usual, and that cost is paid by the first request that needs it, never by
``huiju --help`` or ``huiju feeds list``. ``tests/core/test_startup.py`` holds this.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cached_property
from typing import Any


class LazyCallable:
    """Stands in for ``module:name`` until called. ``__module__`` and ``__name__`` are the
    target's, as Flask-WTF's ``csrf.exempt`` and Flask's endpoint naming read them."""

    def __init__(self, target: str) -> None:
        module, _, name = target.partition(":")
        if not module or not name:
            raise ValueError(f"'{target}' is not 'package.module:name'")
        self.target = target
        self.__module__ = module
        self.__name__ = self.__qualname__ = name

    @cached_property
    def function(self) -> Callable[..., Any]:
        return getattr(importlib.import_module(self.__module__), self.__name__)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"lazy({self.target!r})"


def resolved(function: Any) -> Any:
    """The function itself for a lazy stand-in (importing it), anything else as it is: for
    what reads marks a decorator left on a view (``request_limits.accepts_upload``) just
    before the view runs. Flask probes a view's attributes when its URL rule is added, so the
    stand-in does not forward attribute reads: that would import every view at start-up."""
    return function.function if isinstance(function, LazyCallable) else function


def lazy(target: str) -> LazyCallable:
    """``lazy("partners.templating:partner_labels")``: imported when first called."""
    return LazyCallable(target)


def views_of(package: str) -> Callable[[str], LazyCallable]:
    """``view = views_of("events.views")``, then ``view("pages.home")`` stands for
    ``events.views.pages.home``, imported when first called."""

    def view(name: str) -> LazyCallable:
        module, _, function = name.rpartition(".")
        return lazy(f"{package}.{module}:{function}")

    return view
