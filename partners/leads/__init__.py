"""Import-Expo (进博会) leads: their pipeline, follow-ups, spreadsheet import, dashboard,
reminder digests and private follow-up calendars."""
