"""Would a statistical reader beat the rules on unseen text? (issue 13.4's condition for one)

A forward A/B over the labelled description batches, in the order they were written: for each
fresh batch from H on, a classifier is trained on every batch written before it (the seed
descriptions, the hold-out file and the earlier fresh batches) and scored on that batch, which
it has not seen. Its score is set beside the rules' score on the same batch when that batch was
still unseen by the rules: the untuned number recorded in docs/inference.md when the batch was
scored once (``UNTUNED_RULES`` below copies those records; they cannot be recomputed, since the
rules have since been tuned on every batch but the newest). For the newest batch the rules'
current score is also untuned, and the two are paired item by item.

Two readers, both scikit-learn, TF-IDF features (word 1-2 grams and character 3-5 grams within
words) and logistic regression:

* ``direct``: one classifier for the model label (managed services, staff augmentation, mismatch);
* ``factored``: one classifier each for ``decision_owner`` and ``accountability`` (trained on the
  items whose label gives them), and the model from those two readings by the bot's own scoring
  (``dialogs.scoring.evaluate``), as the rules' readings are turned into a model.

scikit-learn is not a dependency of the project; this is an experiment, not a component. Run it
from a venv that has it beside the project::

    python -m venv /tmp/ab && /tmp/ab/bin/pip install scikit-learn pyyaml pydantic
    PYTHONPATH=. /tmp/ab/bin/python bench/statistical_reader_ab.py
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
ORDER = "abcdefghijklmnoqrstuv"
FIRST_SCORED = "h"
# (model accuracy, mismatch recall) of the rules on each batch at its one untuned scoring, as
# recorded in docs/inference.md (each batch's "scored once, untuned" table).
UNTUNED_RULES: dict[str, tuple[float, float]] = {
    "h": (0.921, 0.833),
    "i": (0.839, 0.588),
    "j": (0.868, 0.739),
    "k": (0.778, 0.619),
    "l": (0.833, 0.619),
    "m": (0.844, 0.667),
    "n": (0.769, 0.381),
    "o": (0.819, 0.708),
    "q": (0.875, 0.708),
    "r": (0.847, 0.708),
    "s": (0.867, 0.850),
    "t": (0.736, 0.458),
    "u": (0.736, 0.542),
    "v": (0.861, 0.792),
}


def _load(name: str) -> list[dict[str, Any]]:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(items, list)
    return [i for i in items if "model" in i]


def batches() -> list[tuple[str, list[dict[str, Any]]]]:
    """(letter or file stem, items with a model label), in the order they were written."""
    out = [("seed", _load("descriptions.yaml")), ("holdout", _load("descriptions_holdout.yaml"))]
    out += [(k, _load(f"descriptions_fresh_{k}.yaml")) for k in ORDER]
    return out


def _pipeline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2),
    )
    return make_pipeline(features, LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced"))


def _direct(train: list[dict[str, Any]], test: list[dict[str, Any]]) -> list[str]:
    clf = _pipeline().fit([i["text"] for i in train], [i["model"] for i in train])
    return [str(p) for p in clf.predict([i["text"] for i in test])]


def _factored(train: list[dict[str, Any]], test: list[dict[str, Any]]) -> list[str]:
    from dialogs.scoring import evaluate

    readings: list[dict[str, str]] = [{} for _ in test]
    for factor in ("decision_owner", "accountability"):
        rows = [i for i in train if factor in i.get("expected", {})]
        clf = _pipeline().fit([i["text"] for i in rows], [i["expected"][factor] for i in rows])
        for answers, value in zip(readings, clf.predict([i["text"] for i in test]), strict=True):
            answers[factor] = str(value)
    return [evaluate(a).model for a in readings]


def _rules(test: list[dict[str, Any]]) -> list[str]:
    from dialogs.inference import infer
    from dialogs.scoring import evaluate

    return [evaluate({f: r.value for f, r in infer(i["text"]).items()}).model for i in test]


def _score(items: list[dict[str, Any]], predicted: list[str]) -> tuple[float, float]:
    right = sum(p == i["model"] for p, i in zip(predicted, items, strict=True))
    mm = [p for p, i in zip(predicted, items, strict=True) if i["model"] == "mismatch"]
    return right / len(items), (sum(p == "mismatch" for p in mm) / len(mm)) if mm else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args()
    all_batches = batches()
    print("| batch | n | rules, untuned (acc / mm recall) | direct (acc / mm) | factored (acc / mm) |")
    print("| --- | --- | --- | --- | --- |")
    sums = {"rules": [0.0, 0.0], "direct": [0.0, 0.0], "factored": [0.0, 0.0]}
    scored = 0
    for index, (name, test) in enumerate(all_batches):
        if name in ("seed", "holdout") or name < FIRST_SCORED:
            continue
        train = [i for _, items in all_batches[:index] for i in items]
        direct, factored = _score(test, _direct(train, test)), _score(test, _factored(train, test))
        rules = UNTUNED_RULES[name]
        for key, value in (("rules", rules), ("direct", direct), ("factored", factored)):
            sums[key][0] += value[0]
            sums[key][1] += value[1]
        scored += 1
        print(
            f"| fresh_{name} | {len(test)} | {rules[0]:.3f} / {rules[1]:.3f} | "
            f"{direct[0]:.3f} / {direct[1]:.3f} | {factored[0]:.3f} / {factored[1]:.3f} |"
        )
    print(
        f"| mean of {scored} | | "
        + " | ".join(f"{sums[k][0] / scored:.3f} / {sums[k][1] / scored:.3f}" for k in sums)
        + " |"
    )
    newest_name, newest = all_batches[-1]
    train = [i for _, items in all_batches[:-1] for i in items]
    rules_now, direct_now = _rules(newest), _direct(train, newest)
    only_rules = sum(r == i["model"] != d for r, d, i in zip(rules_now, direct_now, newest, strict=True))
    only_direct = sum(d == i["model"] != r for r, d, i in zip(rules_now, direct_now, newest, strict=True))
    print(
        f"\nPaired on fresh_{newest_name} (unseen by both): rules {_score(newest, rules_now)[0]:.3f}, "
        f"direct {_score(newest, direct_now)[0]:.3f}; right only by the rules {only_rules}, "
        f"only by the classifier {only_direct}."
    )


if __name__ == "__main__":
    main()
