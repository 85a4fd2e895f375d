"""Rebuild litmap's sentence-kind model from the hand-labelled sentences: `make kinds-model`.

Reads the labels (``benchmarks/data/sentence-kinds``) and the labelled articles themselves from
the shared folder (``../shared/corpus``, ``../shared/corpus-pdf``; ``--shared PATH``), lets
litmap read each article, gives every labelled sentence its features, and fits the logistic
regression of :mod:`litmap.parse.kinds_train` on the sentences no rule decides. Writes
``src/litmap/data/sentence-kinds.json``. Deterministic (the same data give the same file; ``--check``
compares the shipped model with a fresh build). About 20 s on one core.

Usage::

    .venv/bin/python tools/train_sentence_kinds.py [--shared PATH] [--out FILE] [--check]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))  # the labels and their reader live with the benchmark

from sentence_kinds import DEFAULT_SHARED, labelled_articles  # noqa: E402

from litmap.errors import ParserModelError  # noqa: E402
from litmap.parse.kinds import (  # noqa: E402
    MODEL_CLASSES,
    KindModel,
    compute_kind_features,
    compute_rule_kinds,
    read_kind_model,
    write_kind_model,
)
from litmap.parse.kinds_train import fit_kind_model, training_class  # noqa: E402

DEFAULT_OUT = ROOT / "src" / "litmap" / "data" / "sentence-kinds.json"


def reading_model() -> KindModel | None:
    """The model to read the articles with: the package's (None), or, when it no longer loads (its
    features changed), a neutral one. Reading needs kinds only to fill the table; training uses the
    sentences, their features and the rules, none of which depend on the model."""
    try:
        read_kind_model()
    except ParserModelError as err:
        print(f"{err}; reading the articles with a neutral model to rebuild it")
        return KindModel(MODEL_CLASSES, [0.0] * len(MODEL_CLASSES), {})
    return None


def build(shared: Path, out: Path) -> None:
    started = time.perf_counter()
    frames = labelled_articles(shared, model=reading_model())
    features, classes, articles = [], [], []
    for name, sentences in frames.items():
        for f, rule, label, detail in zip(
            compute_kind_features(sentences),
            compute_rule_kinds(sentences),
            sentences["label"],
            sentences["label_detail"],
        ):
            if isinstance(label, str) and rule is None:  # pandas reads a missing label as NaN, not None
                features.append(f)
                classes.append(training_class(label, detail))
                articles.append(name)
    model = fit_kind_model(features, classes, articles)
    write_kind_model(model, out)
    print(
        f"trained on {len(features)} sentences of {len(frames)} articles (the rest decided by rules) "
        f"in {time.perf_counter() - started:.0f} s; {len(model.weights)} features; wrote {out}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="build afresh and compare with the shipped model")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as folder:
            fresh = Path(folder) / "model.json"
            build(args.shared, fresh)
            same = fresh.read_bytes() == DEFAULT_OUT.read_bytes()
        print("the shipped model is what the labels give" if same else "the shipped model differs from a fresh build")
        return 0 if same else 1
    build(args.shared, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
