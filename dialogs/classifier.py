"""A second opinion on the model: a linear text classifier over the whole description.

The rules (``dialogs.inference``) read who decides and who answers for results phrase by phrase;
on text they have not seen they misread a sentence or miss one. This classifier reads the whole
description as a bag of words, word pairs and letter groups and gives a probability for each
model (managed services, staff augmentation, mismatch). It was trained offline
(``bench/train_classifier.py``, scikit-learn's TF-IDF and logistic regression) on the labelled
description batches, and its weights ship as data (``data/classifier.bin``, see ``dump``): running it needs
no library, only the arithmetic below, in time linear in the text.

It never speaks alone. ``second_opinion`` uses it only where it is sure (``MIN_PROBABILITY``) and
the rules' two ownership readings give another model: it then changes the reading that
disagrees, as an inferred reading like any other, so it is unconfirmed, capped at 60% and asked
to be confirmed before a recommendation rests on it. Its evidence is the sentence of the user's
text that weighed most for its model, its rule id ``CLASSIFIER_RULE``.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from dialogs.evidence import quote
from dialogs.factors import AUGMENTATION, MANAGED, MISMATCH
from dialogs.replies import Inferred

WEIGHTS: Final = Path(__file__).with_name("data") / "classifier.bin"
MAX_CHARS: Final = 6000  # the text read: as much as the rules read (``inference.MAX_SCAN``)
MIN_PROBABILITY: Final = 0.7
MIN_WORDS: Final = 30  # a description of several sentences: on a line or two the rules read alone
CLASSIFIER_RULE: Final = "classifier.model"
CHAR_GRAMS: Final = (3, 4, 5)

_WORD: Final = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CLAUSE: Final = re.compile(r"[^.!?;:,\n]+")


def features(text: str) -> list[str]:
    """The text's features, in order: words (``w:``), word pairs (``b:``) and the letter groups
    of each word padded with spaces (``c:``). Shared with the training script."""
    words = _WORD.findall(text[:MAX_CHARS].lower())
    out = [f"w:{w}" for w in words]
    out += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    for w in words:
        padded = f" {w} "
        for n in CHAR_GRAMS:
            out += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    return out


@dataclass(frozen=True, slots=True)
class Model:
    """Exported weights: per feature a row of ``table`` at ``index[feature]``: its idf, then a
    coefficient per class (in ``classes``' order)."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    index: dict[str, int]
    table: Sequence[float]

    @classmethod
    def of(cls, classes: Sequence[str], intercept: Sequence[float],
           rows: dict[str, Sequence[float]]) -> Model:
        """From one row ``[idf, coefficient per class ...]`` per feature."""
        width = len(classes) + 1
        table = array("f", (v for row in rows.values() for v in row))
        index = {f: n * width for n, f in enumerate(rows)}
        return cls(tuple(classes), tuple(intercept), index, table)

    def weigh(self, text: str) -> dict[str, float]:
        """Feature -> its tf-idf weight in ``text`` (sublinear tf, l2-normalised), known features
        only."""
        counts = Counter(f for f in features(text) if f in self.index)
        raw = {f: (1.0 + math.log(n)) * self.table[self.index[f]] for f, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {f: v / norm for f, v in raw.items()}

    def coefficient(self, feature: str, model: str) -> float:
        return self.table[self.index[feature] + 1 + self.classes.index(model)]

    def probabilities(self, text: str) -> dict[str, float]:
        """Class -> probability (softmax of the linear scores)."""
        scores = list(self.intercept)
        for f, v in self.weigh(text).items():
            row = self.index[f] + 1
            for k in range(len(scores)):
                scores[k] += v * self.table[row + k]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def evidence(self, text: str, model: str, against: str) -> str:
        """The clause of ``text`` whose features argue most for ``model`` over ``against``: a
        verbatim quote."""
        best, best_score = (0, 0), -math.inf
        for m in _CLAUSE.finditer(text[:MAX_CHARS]):
            if m.group().strip():
                weights = self.weigh(m.group()).items()
                score = sum(
                    v * (self.coefficient(f, model) - self.coefficient(f, against)) for f, v in weights
                )
                if score > best_score:
                    best, best_score = m.span(), score
        return quote(text, *best)


def dump(model: Model) -> bytes:
    """The weights file: one JSON line (classes, intercept, features in row order), then the table
    as little-endian 32-bit floats. Read back by ``parse``."""
    order = sorted(model.index, key=model.index.__getitem__)
    head = {"classes": list(model.classes), "intercept": list(model.intercept), "features": order}
    table = array("f", model.table)
    if sys.byteorder == "big":
        table.byteswap()
    return json.dumps(head, separators=(",", ":")).encode() + b"\n" + table.tobytes()


def parse(data: bytes) -> Model:
    """A ``dump``ed weights file as a ``Model``."""
    line = data.index(b"\n")
    head = json.loads(data[:line])
    table = array("f")
    table.frombytes(data[line + 1 :])
    if sys.byteorder == "big":
        table.byteswap()
    width = len(head["classes"]) + 1
    index = {f: n * width for n, f in enumerate(head["features"])}
    if len(table) != width * len(index):
        raise ValueError(f"{WEIGHTS.name}: {len(table)} weights for {len(index)} features")
    return Model(tuple(head["classes"]), tuple(head["intercept"]), index, table)


@cache
def load() -> Model:
    """The shipped weights (read once per process, in a few milliseconds)."""
    return parse(WEIGHTS.read_bytes())


_OTHER: Final = {"client": "provider", "provider": "client"}
_PAIR: Final = {MANAGED: ("provider", "provider"), AUGMENTATION: ("client", "client")}


def _agreeing(decides: str | None, answers: str | None, model: str) -> tuple[str, str] | None:
    """The ownership pair closest to the rules' readings that gives ``model``; ``None`` when the
    readings do not say which way a mismatch runs (both with one party, or neither read)."""
    if model in _PAIR:
        return _PAIR[model]
    if decides in _OTHER and answers != decides:
        return decides, _OTHER[decides]
    if answers in _OTHER and decides != answers:
        return _OTHER[answers], answers
    return None


def second_opinion(
    text: str, readings: dict[str, Inferred], model_of_rules: str,
    model: Model | None = None,
    min_probability: float = MIN_PROBABILITY,
    min_words: int = MIN_WORDS,
) -> dict[str, Inferred]:
    """``readings`` with the ownership readings that disagree with a sure classifier changed.

    Only for a text of ``MIN_WORDS`` or more, when the classifier gives one model at least
    ``MIN_PROBABILITY`` and the model the
    rules' readings give (``model_of_rules``) is another; the changed readings carry the
    classifier's evidence sentence and ``CLASSIFIER_RULE``. Otherwise ``readings`` unchanged.
    ``model``, ``min_probability`` and ``min_words``: other weights and bars than the shipped
    ones (the training script's checks)."""
    if model_of_rules == MISMATCH or len(_WORD.findall(text[:MAX_CHARS].lower())) < min_words:
        return readings  # a mismatch the rules read is never argued away: its warning stays
    model = model or load()
    probabilities = model.probabilities(text)
    best = max(probabilities, key=probabilities.__getitem__)
    if best == model_of_rules or probabilities[best] < min_probability:
        return readings
    decides, answers = (readings[f].value if f in readings else None for f in ("decision_owner", "accountability"))
    pair = _agreeing(decides, answers, best)
    if pair is None:
        return readings
    evidence = model.evidence(text, best, model_of_rules)
    out = dict(readings)
    for factor, value in zip(("decision_owner", "accountability"), pair, strict=True):
        if factor in out and out[factor].value == "shared" and best != MISMATCH:
            continue  # shared stated in so many words stays: only a mismatch needs a party there
        if factor not in out or out[factor].value != value:
            out[factor] = Inferred(value=value, evidence=evidence, rule=CLASSIFIER_RULE)
    return out
