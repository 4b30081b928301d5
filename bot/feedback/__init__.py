"""Feedback on answers, kept for the knowledge base's curators (``advisor kb report``)."""
