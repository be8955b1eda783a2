"""Reliability: faults, crashes, load and backups."""
