"""Tokenising: synonyms, stopwords, stemming and truncation."""

from __future__ import annotations

import pytest

from knowledge import load_default
from knowledge.index import (
    EVERYDAY_TOKENS,
    MAX_QUERY_TOKENS,
    cued_model,
    cued_topics,
    document_tokens,
    query_terms,
)
from knowledge.synonyms import ANCHORS, DOMAIN, EVERYDAY, PHRASES, STOPWORDS, SYNONYMS, _phrases
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
        ("mix the models", ["hybrid", "hybrid_model", "mix"]),
        ("both models", ["hybrid", "model"]),
        ("they won't let us", ["authority"]),
        ("escalation matrix", ["escalat", "escalation_path"]),
        ("quarterly reviews", ["governanc"]),
        ("service credits", ["penalty", "service_credit"]),
        ("prioritisation", ["priority"]),
        ("who gets woken up at 3am", ["escalat", "oncall"]),
        ("more and more contractors", ["scal", SA]),
        ("placing engineers", ["augment", "engineer"]),
        ("keep control", ["keep", "authority"]),
        ("the client's PMs", ["client", "leader"]),
        ("retains architectural control", ["keep", "architectur", "authority"]),
        ("domain coupling", ["domain"]),
        ("hybrid model", ["hybrid", "hybrid_model"]),
        ("controlled augmentation", ["authority", SA, "controlled_augmentation"]),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can you augment this image", ["other_sense"]),  # another sense of our word
        ("can you augment their team", ["augment", "team"]),  # a domain word, not an anchor
        ("hybrid working on fridays", ["friday"]),  # office talk, dropped
        ("their own team", ["team"]),  # a possessive, not ownership
        ("I managed to finish", ["finish"]),
    ],
)
def test_everyday_look_alikes_are_not_anchors(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected
    assert not set(expected) & ANCHORS


def test_everyday_words_are_not_ours() -> None:
    """No passage may use a word of the veto list (outside our own phrases, like "run book")."""
    assert not EVERYDAY & STOPWORDS
    for p in load_default().passages:
        assert not EVERYDAY_TOKENS & set(document_tokens(p)), p.id


@pytest.mark.parametrize(
    ("query", "topics"),
    [
        ("who gets paged when the SLA is missed", {"escalation_governance"}),
        ("is staff aug cheaper", {"cost_misconception"}),
        ("what goes wrong at scale", {"scaling_limits"}),
        ("can we mix the two models", {"mixing_models"}),
        ("give me an example", {"examples"}),
    ],
)
def test_query_tokens_cue_topics(query: str, topics: set[str]) -> None:
    assert topics <= set(cued_topics(query_terms(query)))


def test_tension_and_fit_cues() -> None:
    terms = query_terms("they want us accountable but their architects approve everything")
    assert "mixing_models" not in cued_topics(terms)
    assert "mixing_models" in cued_topics(terms, contrast=True)
    assert "fit_criteria" in cued_topics((), fit=True)


def test_model_cue_needs_exactly_one_model() -> None:
    assert cued_model(query_terms("who owns the tooling with an MSP")) == MS
    assert cued_model(query_terms("who directs our contractors")) == SA
    assert cued_model(query_terms("managed services vs staff aug")) is None
    assert cued_model(query_terms("who owns the tooling")) is None


def test_query_terms_apply_the_repair_function() -> None:
    kb = load_default()
    assert query_terms("who directs staff augmentaion", kb.repair) == ("direct", SA)
    assert query_terms("who directs staff augmentaion") == ("direct", "staff", stem("augmentaion"))


def test_bare_terms_are_definition_questions() -> None:
    assert query_terms("MSP?") == (MS, "definit")
    assert query_terms("SLA meaning") == ("sla", "definit")
    assert query_terms("when should we use managed services") == (MS,)
