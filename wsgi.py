"""WSGI entry point: ``gunicorn wsgi:app`` · ``flask --app wsgi``."""

from core.app import create_app
from core.heap import freeze_startup

app = create_app()
freeze_startup()  # the app lives as long as the worker: out of the collector's full passes
