"""Tokenising: synonyms, stopwords, stemming and truncation."""

from __future__ import annotations

import pytest

from knowledge.index import MAX_QUERY_TOKENS, query_terms
from knowledge.synonyms import ANCHORS, DOMAIN, PHRASES, SYNONYMS, _phrases
from knowledge.text import stem, tokens

SA = "staff_augmentation"
MS = "managed_services"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("staff aug", [SA]),
        ("IT staff augmentation", [SA]),
        ("staff-augmentation", [SA]),
        ("our contractors", [SA]),
        ("a body shop", [SA]),
        ("embedded engineers", [SA]),
        ("team extension", [SA]),
        ("nearshore", [SA]),
        ("outstaffing", [SA]),
        ("MSP", [MS]),
        ("a managed service provider", [MS]),
        ("outsourcing", [MS]),
        ("run it for us", [MS]),
        ("SLA", ["sla"]),
        ("service level agreements", ["sla"]),
        ("SLOs", ["sla", "slo"]),
        ("uptime", ["sla", "uptim"]),
        ("statement of work", ["sow"]),
        ("T&M", ["time_materials"]),
        ("time and materials", ["time_materials"]),
        ("who is on the hook", ["accountabl"]),
        ("liable", ["accountabl"]),
        ("escalations", ["escalat"]),
        ("on-call", ["oncall"]),
        ("cheaper", ["cost"]),
        ("mix them up", ["mismatch"]),
        ("mix the models", ["hybrid", "model"]),
    ],
)
def test_synonyms_map_to_canonical_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_no_phrase_belongs_to_two_groups() -> None:
    all_phrases = [p for text in SYNONYMS.values() for p in _phrases(text)]
    assert len(all_phrases) == len(PHRASES) == len(set(all_phrases))


def test_anchors_are_canonical_tokens() -> None:
    canonical = {t for key in SYNONYMS for t in key.split()}
    assert canonical >= ANCHORS
    assert DOMAIN >= ANCHORS


def test_stopwords_and_punctuation_are_dropped() -> None:
    assert tokens("What's the... (uh) thing?!") == []
    assert tokens("") == []


def test_stemming_is_consistent() -> None:
    assert stem("changes") == stem("changing") == stem("changed") == stem("change")
    assert stem("boundaries") == stem("boundary")
    assert stem("sla") == "sla"
    assert stem("staff_augmentation") == "staff_augmentation"
    assert stem("2024") == "2024"


def test_curly_apostrophes_are_handled() -> None:
    assert tokens("client\u2019s") == tokens("client's") == ["client"]


def test_tokens_limit() -> None:
    assert tokens("engineer " * 100, limit=5) == ["engineer"] * 5


def test_query_terms_are_distinct_and_truncated() -> None:
    assert query_terms("SLA sla service level agreement") == ("sla",)
    words = " ".join(f"word{i}" for i in range(10_000))
    assert len(query_terms(words)) == MAX_QUERY_TOKENS


def test_definition_questions_gain_the_definition_token() -> None:
    assert "definit" in query_terms("What is staff aug?")
    assert "definit" in query_terms("So what exactly is an MSP?")
    assert "definit" in query_terms("what does SLO mean")
    assert "definit" not in query_terms("how do I explain day rates to a client?")
