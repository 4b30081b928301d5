"""Fault tests: the whole bot under Redis and platform failures (see docs/reliability.md)."""
