"""Training the sentence-kind model (:mod:`litmap.parse.kinds`) from labelled sentences.

Used by ``tools/train_sentence_kinds.py`` and by the cross-validation in
``benchmarks/sentence_kinds.py``; needs scikit-learn, which litmap loads only here.
"""

from __future__ import annotations

from collections import defaultdict

from litmap.parse.kinds import MODEL_CLASSES, KindModel

#: Regularisation of the logistic regression (smaller is stronger), chosen by article-level
#: cross-validation on the labelled sentences (benchmarks/README.md).
C = 0.2
#: A word is a feature only when it occurs in sentences of at least this many training articles,
#: so no article's own vocabulary (its subject) decides kinds.
MIN_ARTICLES = 3
_WORD_FEATURES = ("w:", "first:")


def training_class(kind: str, detail: str | None) -> str:
    """The class a labelled sentence trains: its kind, with furniture and fragments apart from the rest of other.

    >>> training_class("other", "fragment"), training_class("other", "aim"), training_class("claim", None)
    ('furniture', 'other', 'claim')
    """
    if kind == "other" and detail in ("furniture", "fragment", "heading"):
        return "furniture"
    return kind


def fit_kind_model(
    features: list[dict[str, float]],
    classes: list[str],
    articles: list[str],
    *,
    c: float = C,
    min_articles: int = MIN_ARTICLES,
) -> KindModel:
    """Fit the model on sentences' features, their classes (:func:`training_class`) and the article
    each comes from.

    Raises
    ------
    ValueError
        Fewer than two classes, or lists of different lengths.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if not (len(features) == len(classes) == len(articles)):
        raise ValueError("features, classes and articles must be as long as each other")
    seen: dict[str, set] = defaultdict(set)
    for f, article in zip(features, articles):
        for name in f:
            if name.startswith(_WORD_FEATURES):
                seen[name].add(article)
    keep = {name for name, where in seen.items() if len(where) >= min_articles}
    rows = [{k: v for k, v in f.items() if not k.startswith(_WORD_FEATURES) or k in keep} for f in features]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    present = sorted(set(classes), key=MODEL_CLASSES.index)
    if len(present) < 2:
        raise ValueError("the training sentences hold fewer than two kinds")
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit(matrix, classes)
    order = [list(model.classes_).index(k) for k in present]
    names = vectorizer.get_feature_names_out()
    weights = {}
    for j, name in enumerate(names):
        row = [round(float(model.coef_[i, j]), 4) for i in order]
        if any(row):
            weights[str(name)] = row
    intercept = [round(float(model.intercept_[i]), 4) for i in order]
    meta = {
        "sentences": len(features),
        "articles": len(set(articles)),
        "trained_on": sorted(set(articles)),
        "c": c,
        "min_articles": min_articles,
    }
    return KindModel(tuple(present), intercept, weights, meta)


__all__ = ["C", "MIN_ARTICLES", "fit_kind_model", "training_class"]
