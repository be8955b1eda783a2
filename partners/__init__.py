"""Partner organisations and cooperation links; Import-Expo leads and follow-ups in
``partners.leads``."""
