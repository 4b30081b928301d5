"""Test helpers shared by the fault and abuse suites."""
