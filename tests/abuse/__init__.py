"""Abuse tests: hostile payloads, card values, button values and CLI arguments (hypothesis)."""
