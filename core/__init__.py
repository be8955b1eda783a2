"""The shell every domain plugs into: app factory, config, extensions, locale, users."""
