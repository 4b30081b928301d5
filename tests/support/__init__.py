"""Test helpers shared across suites: the fault proxy, a private redis-server, free ports."""
