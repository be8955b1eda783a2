"""Feeds in: fetch, parse, normalize, reconcile, dedupe, sync, scheduler, push API, feed health."""
