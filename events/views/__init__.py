"""The events pages: home, list, month and detail (``pages``), the .ics feeds (``feeds``), the
JSON API (``api``) and the staff review of duplicates (``review``); URLs in ``events.blueprint``."""
