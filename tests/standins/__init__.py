"""Local stand-ins for the platforms' HTTP APIs, started by the tests."""
