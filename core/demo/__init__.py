"""The demo world: partners, cooperation links and bundled partner feeds."""
