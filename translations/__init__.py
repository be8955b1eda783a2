"""Babel catalogs: en/ and zh_Hans_CN/ (installed with the code; compiled at start-up)."""
