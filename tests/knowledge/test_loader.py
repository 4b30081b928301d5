"""Loading and validating passages: the shipped knowledge base and broken ones."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from dialogs.factors import FACTORS
from knowledge import TOPICS, KnowledgeBase, Passage, check_kb, load_default, load_dir, loader
from knowledge.loader import PASSAGES_DIR, load_cached, split_front_matter
from knowledge.model import KnowledgeError
from tests.knowledge.conftest import PassageWriter

REQUIRED_IDS = [
    "definition-short",
    "definition-extended",
    "delivery-system-ownership",
    "managed-services-provider-owns",
    "staff-augmentation-client-keeps",
    "managed-services-fit",
    "staff-augmentation-fit",
    "unmanaged-managed-services",
    "controlled-augmentation",
    "mismatch-consequences",
    "managed-services-scaling-limits",
    "staff-augmentation-scaling-limits",
    "where-decisions-and-risk-live",
    "not-about-cost",
    "example-infrastructure-monitoring",
    "example-backend-capacity",
    "example-unmanaged-managed-services",
    "why-it-matters-leadership",
    "internal-load-vs-flexibility",
    "leadership-capacity-for-augmentation",
    "choosing-by-maturity-readiness-risk",
    "augmentation-decision-ownership-practice",
    "managed-services-tight-interfaces",
    "slas-and-escalation-paths",
    "governance-cadence",
    "hybrid-engagements",
    "moving-between-models",
    "contract-shapes",
    "glossary",
    "skill-level-misconception",
    "measuring-outcomes-independently",
    "readiness-checklist",
]

KB = load_default()


def test_shipped_passages_all_load() -> None:
    files = sorted(PASSAGES_DIR.glob("*.md"))
    assert len(KB.passages) == len(files) >= 25
    assert [p.id for p in KB.passages] == sorted(f.stem for f in files)


def test_ids_are_unique_and_sorted() -> None:
    ids = [p.id for p in KB.passages]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


def test_required_ids_exist() -> None:
    missing = [pid for pid in REQUIRED_IDS if pid not in KB]
    assert missing == []


def test_passages_named_by_the_decision_factors_exist() -> None:
    for factor in FACTORS:
        for pid in factor.passages:
            assert KB.get(pid).id == pid


def test_every_topic_is_used() -> None:
    used = {t for p in KB.passages for t in p.topics}
    assert used == set(TOPICS)


def test_passages_are_short_and_well_formed() -> None:
    for p in KB.passages:
        assert len(p.text.split()) < 120, p.id
        assert 3 <= len(p.questions) <= 6, p.id
        assert p.title and p.text == p.text.strip()
        assert p.id not in p.related
        assert all(r in KB for r in p.related), p.id
        assert not p.text.startswith("---")


def test_load_default_is_cached() -> None:
    assert load_default() is load_default()


def test_get_unknown_id_raises_key_error() -> None:
    with pytest.raises(KeyError):
        KB.get("no-such-passage")


def test_passage_is_frozen() -> None:
    with pytest.raises(pydantic.ValidationError):
        KB.passages[0].title = "changed"  # type: ignore[misc]


def test_passage_rejects_unknown_topic() -> None:
    with pytest.raises(pydantic.ValidationError):
        Passage(id="x", title="X", topics=("weather",), text="Body.")


def test_load_dir_reads_a_valid_folder(small_kb: Path) -> None:
    kb = load_dir(small_kb)
    assert isinstance(kb, KnowledgeBase)
    assert [p.id for p in kb.passages] == ["alpha", "beta", "gamma"]
    beta = kb.get("beta")
    assert beta.topics == ("staff_augmentation",)
    assert beta.related == ("alpha", "gamma")
    assert beta.text.startswith("Staff augmentation")
    # A three-passage folder cannot use every topic; nothing else is wrong with it.
    assert check_kb(small_kb)
    assert all(p.endswith("is not used by any passage") for p in check_kb(small_kb))


def test_load_dir_error_names_file_and_problem(small_kb: Path, write: PassageWriter) -> None:
    write("delta", topics=["weather"])
    with pytest.raises(KnowledgeError) as info:
        load_dir(small_kb)
    assert "delta.md" in str(info.value)
    assert "weather" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_load_dir_on_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="not a directory"):
        load_dir(tmp_path / "nope")


def test_load_dir_on_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="no passage files"):
        load_dir(tmp_path)


def test_body_is_unwrapped_into_paragraphs(small_kb: Path, write: PassageWriter) -> None:
    write("delta", body="First line\nsame paragraph.\n\n\nSecond   paragraph\n")
    assert load_dir(small_kb).get("delta").text == "First line same paragraph.\n\nSecond paragraph"


def test_shipped_bodies_have_no_hard_wraps() -> None:
    for p in KB.passages:
        assert "\n" not in p.text.replace("\n\n", ""), p.id


def test_split_front_matter() -> None:
    assert split_front_matter("---\nid: a\n---\nBody\n") == ("id: a", "Body")
    with pytest.raises(ValueError, match="does not start"):
        split_front_matter("id: a\n---\nBody")
    with pytest.raises(ValueError, match="not closed"):
        split_front_matter("---\nid: a\nBody")


def _problems_for(directory: Path, name: str) -> list[str]:
    return [p for p in check_kb(directory) if f"{name}.md" in p]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "no-id",
            "---\ntitle: T\ntopics: [definitions]\n---\nBody.\n",
            "field 'id': Field required",
        ),
        (
            "bad-topic",
            "---\nid: bad-topic\ntitle: T\ntopics: [weather]\n---\nBody.\n",
            "unknown topic(s) ['weather']",
        ),
        (
            "bad-yaml",
            "---\nid: bad-yaml\ntitle: [unclosed\ntopics: [definitions]\n---\nBody.\n",
            "while parsing",
        ),
        ("no-front-matter", "Just text.\n", "does not start with a '---' front matter block"),
        ("unclosed", "---\nid: unclosed\ntitle: T\n", "not closed"),
        ("not-a-mapping", "---\n- a\n- b\n---\nBody.\n", "not a YAML mapping"),
        (
            "wrong-name",
            "---\nid: other-name\ntitle: T\ntopics: [definitions]\n---\nBody.\n",
            "does not match the file name 'wrong-name'",
        ),
        (
            "Bad_Slug",
            "---\nid: Bad_Slug\ntitle: T\ntopics: [definitions]\n---\nBody.\n",
            "field 'id': String should match pattern",
        ),
        (
            "empty-body",
            "---\nid: empty-body\ntitle: T\ntopics: [definitions]\n---\n\n",
            "body is empty",
        ),
        (
            "no-title",
            "---\nid: no-title\ntitle: '  '\ntopics: [definitions]\n---\nB.\n",
            "field 'title'",
        ),
        ("no-topics", "---\nid: no-topics\ntitle: T\ntopics: []\n---\nB.\n", "field 'topics'"),
        (
            "topics-string",
            "---\nid: topics-string\ntitle: T\ntopics: definitions\n---\nB.\n",
            "field 'topics': Input should be a valid list",
        ),
        (
            "question-number",
            "---\nid: question-number\ntitle: T\ntopics: [definitions]\nquestions: [42]\n---\nB.\n",
            "field 'questions.0': Input should be a valid string",
        ),
        (
            "extra-key",
            "---\nid: extra-key\ntitle: T\ntopics: [definitions]\nauthor: me\n---\nB.\n",
            "field 'author': Extra inputs are not permitted",
        ),
        (
            "numeric-id",
            "---\nid: 123\ntitle: T\ntopics: [definitions]\n---\nB.\n",
            "field 'id': Input should be a valid string",
        ),
    ],
)
def test_bad_front_matter_is_reported(
    small_kb: Path, write: PassageWriter, name: str, text: str, expected: str
) -> None:
    write(name, text=text)
    problems = _problems_for(small_kb, name)
    assert any(expected in p for p in problems), problems


def test_dangling_related_is_reported(small_kb: Path, write: PassageWriter) -> None:
    write("delta", related=["alpha", "nowhere"])
    assert any("delta.md: related id 'nowhere' does not exist" in p for p in check_kb(small_kb))


def test_self_related_is_reported(small_kb: Path, write: PassageWriter) -> None:
    write("delta", related=["delta"])
    assert any("delta.md: lists itself in 'related'" in p for p in check_kb(small_kb))


def test_duplicate_id_is_reported(small_kb: Path, write: PassageWriter) -> None:
    (small_kb / "alpha-copy.md").write_text(
        "---\nid: alpha\ntitle: T\ntopics: [definitions]\n---\nBody.\n", encoding="utf-8"
    )
    problems = check_kb(small_kb)
    assert any("alpha-copy.md" in p and "'alpha-copy'" in p for p in problems), problems
    (small_kb / "alpha-copy.md").unlink()
    # Same id in two files that both match their names cannot happen; check the loader directly.
    from knowledge.loader import read_passages

    passages, problems = read_passages(small_kb)
    assert len({p.id for p in passages}) == len(passages)


def test_duplicate_id_in_two_folders_is_rejected_by_the_index() -> None:
    p = Passage(id="a", title="A", topics=("definitions",), text="Body.")
    with pytest.raises(ValueError, match="not unique"):
        KnowledgeBase([p, p])


def test_every_problem_is_listed(small_kb: Path, write: PassageWriter) -> None:
    write("delta", topics=["weather"])
    write("epsilon", related=["nowhere"])
    write("zeta", text="no front matter\n")
    problems = check_kb(small_kb)
    for name in ("delta", "epsilon", "zeta"):
        assert any(f"{name}.md" in p for p in problems), (name, problems)


def test_check_kb_on_missing_folder(tmp_path: Path) -> None:
    assert check_kb(tmp_path / "missing") == [f"{tmp_path / 'missing'}: not a directory"]


def _ids_and_texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [(p.id, p.text) for p in kb.passages]


def test_shipped_passages_from_the_cache_are_the_parsed_ones() -> None:
    assert load_default().passages == load_dir(PASSAGES_DIR).passages


def test_cached_folder_is_parsed_once(
    small_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "__pycache__" / "passages.json"
    first = load_cached(small_kb, cache)
    assert cache.is_file()

    def no_parsing(path: Path) -> Passage:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(loader, "parse_passage", no_parsing)
    again = load_cached(small_kb, cache)
    assert again.passages == first.passages
    assert [p.id for p in again.passages] == ["alpha", "beta", "gamma"]


def test_cache_follows_edited_added_and_removed_files(
    small_kb: Path, tmp_path: Path, write: PassageWriter
) -> None:
    cache = tmp_path / "__pycache__" / "passages.json"
    load_cached(small_kb, cache)
    write("gamma", body="Escalation paths, rewritten: who is called when a target slips.")
    assert load_cached(small_kb, cache).get("gamma").text.endswith("when a target slips.")
    write("delta")
    assert "delta" in load_cached(small_kb, cache)
    (small_kb / "delta.md").unlink()
    assert "delta" not in load_cached(small_kb, cache)


def test_cache_never_hides_a_broken_file(
    small_kb: Path, tmp_path: Path, write: PassageWriter
) -> None:
    cache = tmp_path / "__pycache__" / "passages.json"
    load_cached(small_kb, cache)
    write("delta", topics=["weather"])
    with pytest.raises(KnowledgeError, match="weather"):
        load_cached(small_kb, cache)


def test_corrupt_or_unwritable_cache_still_loads(small_kb: Path, tmp_path: Path) -> None:
    cache = tmp_path / "__pycache__" / "passages.json"
    expected = _ids_and_texts(load_dir(small_kb))
    cache.parent.mkdir()
    for junk in ("", "{", '{"digest": 1}', '{"digest": "x", "passages": [{}]}'):
        cache.write_text(junk, encoding="utf-8")
        assert _ids_and_texts(load_cached(small_kb, cache)) == expected
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _ids_and_texts(load_cached(small_kb, blocked / "passages.json")) == expected
