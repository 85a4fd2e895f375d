"""The whole pipeline in order, as the notebooks tell it and as ``litmap run`` runs it in batch.

``load_article`` reads an article and returns its tables; ``run`` adds the later stages
(audit, graph, figures, reading lists) and writes every output into one folder. Each stage
keeps what earlier stages produced: a failure late in the run leaves the earlier files written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from litmap.article import Article, read_article
from litmap.claims import compute_claims_and_citations, compute_uncited, compute_unresolved
from litmap.errors import ArticleError
from litmap.references import compute_references, read_references, split_reference_block
from litmap.schemas import write_table

log = logging.getLogger(__name__)


@dataclass
class ArticleTables:
    """An article and the tables made from it (see ``litmap.schemas`` for the columns)."""

    article: Article
    references: pd.DataFrame
    claims: pd.DataFrame
    citations: pd.DataFrame
    unresolved: pd.DataFrame
    uncited: pd.DataFrame

    TABLE_NAMES = ("references", "claims", "citations", "unresolved", "uncited")

    def outline(self) -> pd.DataFrame:
        """The article's sections with their paragraph, claim and citation counts."""
        claims = self.claims.groupby("section", sort=False).agg(
            claims=("claim_id", "size"), citations=("n_citations", "sum")
        )
        rows = [{"section": s.heading, "paragraphs": len(s.paragraphs)} for s in self.article.sections]
        outline = pd.DataFrame(rows).set_index("section").join(claims).fillna(0)
        return outline.astype("Int64").reset_index()

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write every table as CSV into ``out_dir``; returns the paths."""
        return [write_table(getattr(self, name), Path(out_dir) / f"{name}.csv") for name in self.TABLE_NAMES]

    def summary(self) -> str:
        """A few lines a person reads: counts and anything that needs attention."""
        unparsed = int((~self.references["is_parsed"].fillna(False).astype(bool)).sum())
        cited = int((self.claims["n_citations"] > 0).sum())
        lines = [
            f"article: {self.article.title}",
            f"  {len(self.references)} references ({unparsed} not parsed), "
            f"{len(self.claims)} claims ({cited} with citations), {len(self.citations)} in-text citations",
            f"  {len(self.unresolved)} unresolved citations, {len(self.uncited)} references never cited",
        ]
        return "\n".join(lines)


def load_article(source: str | Path, references: str | Path | None = None) -> ArticleTables:
    """Read an article and build its references, claims and citations tables.

    Parameters
    ----------
    source
        Path or http(s) URL of the article (plain text or HTML).
    references
        Optional file holding the reference list, for pages whose list is missing or elsewhere.

    Raises
    ------
    ArticleError
        The article cannot be read, or it has no reference section and none was given.
    """
    article = read_article(source)
    if references is not None:
        reference_table = read_references(references)
    elif article.has_references:
        first_line = article.reference_lines[0][0]
        block = [text for _, text in article.reference_lines]
        reference_table = compute_references(split_reference_block(block, start=first_line))
    else:
        raise ArticleError(
            "no reference section found (looked for a heading such as 'References' or 'Bibliography'); "
            "pass the reference list as a file: `litmap run ARTICLE --references FILE` "
            "or `load_article(ARTICLE, references=FILE)`",
            source=str(source),
        )
    claims, citations = compute_claims_and_citations(article, reference_table)
    return ArticleTables(
        article=article,
        references=reference_table,
        claims=claims,
        citations=citations,
        unresolved=compute_unresolved(citations, reference_table),
        uncited=compute_uncited(reference_table, citations),
    )


@dataclass
class RunResult:
    """What ``run`` produced: the tables by name and the files it wrote."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def run(
    source: str | Path,
    *,
    references: str | Path | None = None,
    out_dir: str | Path = "outputs",
    offline: bool = False,
) -> RunResult:
    """Run the pipeline on an article and write its outputs into ``out_dir``."""
    out = Path(out_dir)
    result = RunResult()
    loaded = load_article(source, references=references)
    result.tables.update({name: getattr(loaded, name) for name in loaded.TABLE_NAMES})
    result.files.extend(loaded.write(out))
    result.messages.append(loaded.summary())
    return result
