"""Train the model classifier (``dialogs/classifier.py``) and write its weights.

scikit-learn's ``TfidfVectorizer`` (with the classifier's own ``features`` as analyzer, sublinear
tf, l2 norm) and ``LogisticRegression`` (multinomial, balanced classes) are fitted on every
labelled description batch but those named with ``--hold-out``; the vocabulary, idf and
coefficients go to ``dialogs/data/classifier.bin``, which ``dialogs.classifier`` reads with no
library. ``--check`` instead trains on the batches written before each fresh batch and scores that
batch (a forward A/B, as ``bench/statistical_reader_ab.py`` does) for the settings given, with
the exported arithmetic, not scikit-learn's, so what is measured is what ships.

scikit-learn is a training tool, not a dependency of the bot::

    python -m venv /tmp/ab && /tmp/ab/bin/pip install scikit-learn pyyaml pydantic
    PYTHONPATH=. /tmp/ab/bin/python bench/train_classifier.py [--hold-out w] [--check]
"""

from __future__ import annotations

import argparse
from typing import Any

from statistical_reader_ab import batches

from dialogs import classifier as C

MIN_DF = 4
C_REG = 10.0


def fit(items: list[dict[str, Any]], min_df: int = MIN_DF, c_reg: float = C_REG) -> C.Model:
    """Weights fitted on ``items`` (each with ``text`` and ``model``), as ``dialogs.classifier`` reads them."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=C.features, sublinear_tf=True, min_df=min_df)
    x = vectorizer.fit_transform([i["text"] for i in items])
    lr = LogisticRegression(C=c_reg, max_iter=3000, class_weight="balanced").fit(x, [i["model"] for i in items])
    names = vectorizer.get_feature_names_out()
    return C.Model.of(
        classes=[str(c) for c in lr.classes_],
        intercept=[float(v) for v in lr.intercept_],
        rows={
            str(f): [float(idf), *(float(v) for v in row)]
            for f, idf, row in zip(names, vectorizer.idf_, lr.coef_.T, strict=True)
        },
    )


def check(min_df: int, c_reg: float, threshold: float, min_words: int) -> None:
    from dialogs.inference import infer
    from dialogs.scoring import evaluate, model_for

    all_batches = batches()
    from collections import Counter

    moves: Counter[str] = Counter()
    print("| batch | n | rules | classifier alone | rules + second opinion | fixed | broken |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for index, (name, test) in enumerate(all_batches):
        if name in ("seed", "holdout") or name < "h":
            continue
        train = [i for _, items in all_batches[:index] for i in items]
        model = fit(train, min_df, c_reg)
        row = {"rules": [0, 0], "alone": [0, 0], "hybrid": [0, 0]}
        fixed = broken = 0
        for item in test:
            readings = infer(item["text"], classifier=False)
            rules = evaluate({f: i.value for f, i in readings.items()}).model
            p = model.probabilities(item["text"])
            alone = max(p, key=p.__getitem__)
            hybrid = rules
            if any(f in readings for f in ("decision_owner", "accountability")):
                rules_model = model_for({f: i.value for f, i in readings.items()})
                checked = C.second_opinion(item["text"], readings, rules_model, model, threshold, min_words)
                hybrid = evaluate({f: i.value for f, i in checked.items()}).model
            for key, got in (("rules", rules), ("alone", alone), ("hybrid", hybrid)):
                row[key][0] += got == item["model"]
                row[key][1] += got == item["model"] == "mismatch"
            fixed += hybrid == item["model"] != rules
            broken += rules == item["model"] != hybrid
            if hybrid != rules:
                verdict = "fixed" if hybrid == item["model"] else "broken" if rules == item["model"] else "still wrong"
                moves[f"{rules} -> {hybrid}: {verdict}"] += 1
        mm = sum(i["model"] == "mismatch" for i in test)
        cells = " | ".join(f"{r / len(test):.3f} ({r}/{len(test)}), mm {m}/{mm}" for r, m in row.values())
        print(f"| fresh_{name} | {len(test)} | {cells} | {fixed} | {broken} |")
    print("\nchanges the second opinion made, by direction:")
    for move, n in sorted(moves.items()):
        print(f"- {move}: {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold-out", nargs="*", default=[], help="batch letters left out of training")
    parser.add_argument("--check", action="store_true", help="forward A/B instead of writing weights")
    parser.add_argument("--min-df", type=int, default=MIN_DF)
    parser.add_argument("--c", type=float, default=C_REG)
    parser.add_argument("--threshold", type=float, default=C.MIN_PROBABILITY)
    parser.add_argument("--min-words", type=int, default=C.MIN_WORDS)
    args = parser.parse_args()
    if args.check:
        check(args.min_df, args.c, args.threshold, args.min_words)
        return
    items = [i for name, its in batches() if name not in args.hold_out for i in its]
    model = fit(items, args.min_df, args.c)
    C.WEIGHTS.parent.mkdir(exist_ok=True)
    C.WEIGHTS.write_bytes(C.dump(model))
    print(f"{C.WEIGHTS}: {len(items)} descriptions, {len(model.index)} features, classes {model.classes}")


if __name__ == "__main__":
    main()
