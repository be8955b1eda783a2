"""Feeds in: fetch, decode, split, series, expand, normalize, plan, store; sync, scheduler; the
push API and feed health."""
