"""Partner organisations, cooperation links, Import-Expo leads and follow-ups."""
