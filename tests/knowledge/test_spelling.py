"""Typo repair: edit distance, what is repaired and what is left alone."""

from __future__ import annotations

import pytest

from knowledge import load_default
from knowledge.spelling import Speller, max_distance, osa_distance

SPELLER = Speller(
    ["services", "augmentation", "escalation", "governance", "launch", "launch", "lunchbox"],
    ignore=["the"],
)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("services", "services", 0),
        ("servcies", "services", 1),  # adjacent swap
        ("augmentaion", "augmentation", 1),  # deletion
        ("escalattion", "escalation", 1),  # insertion
        ("governence", "governance", 1),  # substitution
        ("goverence", "governance", 2),
        ("", "abc", 3),
    ],
)
def test_osa_distance(a: str, b: str, distance: int) -> None:
    assert osa_distance(a, b) == distance == osa_distance(b, a)


def test_long_words_tolerate_two_edits() -> None:
    assert max_distance("servcies") == 1
    assert max_distance("augmentation") == 2


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("servcies", "services"),
        ("augmentaion", "augmentation"),
        ("escalaton", "escalation"),
        ("goverance", "governance"),
    ],
)
def test_slips_are_repaired(word: str, repaired: str) -> None:
    assert SPELLER.repair(word) == repaired


@pytest.mark.parametrize(
    "word",
    [
        "lunch",  # too short to guess: "launch" is one letter away
        "goverence",  # two edits, and only words of ten letters or more get two
        "services",  # known
        "the",  # ignored
        "xservices",  # different first letter
        "kubernetes",  # nothing near
        "sla2024",  # not alphabetic
    ],
)
def test_other_words_are_left_alone(word: str) -> None:
    assert SPELLER.repair(word) == word


def test_repair_is_deterministic_and_prefers_frequent_words() -> None:
    speller = Speller(["planted", "plants", "plants", "planned"])
    assert speller.repair("planxed") == "planned"  # both at distance 1: alphabetical
    assert Speller(["slated", "slates", "slates"]).repair("slatex") == "slates"


def test_knowledge_base_repairs_only_unknown_words() -> None:
    kb = load_default()
    assert kb.repair("governance") == "governance"
    assert kb.repair("goverance") == "governance"
    assert kb.repair("the") == "the"
    assert kb.repair("lunch") == "lunch"
