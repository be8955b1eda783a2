"""Events out: queries, browse and detail pages, search, iCal export feeds, JSON API."""
