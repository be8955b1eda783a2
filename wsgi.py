"""WSGI entry point: ``gunicorn wsgi:app`` · ``flask --app wsgi``."""

from core.app import create_app

app = create_app()
