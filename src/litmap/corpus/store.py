"""The corpus store: every article's tables in one DuckDB file, exported as Parquet.

``litmap corpus`` streams each batch of articles into ``DIR/corpus.duckdb``: the tables
``articles`` and ``works`` (:data:`litmap.schemas.ARTICLES`, :data:`litmap.schemas.WORKS`) and the
per-article tables ``references``, ``claims``, ``citations``, ``audit`` and ``claim_topics``, each
with ``article_id`` first (:func:`litmap.schemas.corpus_schema`). One batch is one transaction, so
an interrupted run leaves whole articles or none, and running again redoes only what is missing.

Column types follow the schemas: ``string`` is VARCHAR, ``Int64`` BIGINT, ``Float64`` DOUBLE,
``boolean`` BOOLEAN and list columns VARCHAR[] (an author, a dict, is kept as JSON text:
``json_extract_string(authors[1], '$.family')``). ``references`` is a reserved word in SQL, so
quote it: ``SELECT * FROM "references"``. duckdb is imported when a store is opened, not with litmap.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from litmap.arguments import checked, path
from litmap.errors import LitmapError
from litmap.schemas import (
    ARTICLES,
    AUDIT,
    CITATIONS_FIT,
    CLAIM_TOPICS,
    CLAIMS,
    CORPUS_ARTICLE_TABLES,
    LIST,
    REFERENCES,
    WORKS,
    Column,
    TableSchema,
    corpus_schema,
)
from litmap.values import is_missing

__all__ = ["STORE_FILE", "STORE_TABLES", "CorpusStore", "read_corpus"]

#: The store's file name inside a corpus output folder.
STORE_FILE = "corpus.duckdb"

#: The tables of a corpus store, by name, with their columns.
STORE_TABLES: dict[str, TableSchema] = {
    "articles": ARTICLES,
    "references": corpus_schema(
        REFERENCES,
        Column("work_key", "string", "the entry's first author, year and title, folded: how entries are told apart"),
        Column("work_id", "string", "the work it names (see the works table)"),
    ),
    "claims": corpus_schema(CLAIMS),
    "citations": corpus_schema(CITATIONS_FIT),
    "audit": corpus_schema(AUDIT),
    "claim_topics": corpus_schema(
        CLAIM_TOPICS,
        Column("theme", "string", "the topic lined up across articles: the word stems of its label, sorted"),
    ),
    "works": WORKS,
}
#: Tables holding one article's rows (deleted and written again together).
_PER_ARTICLE = ("articles", *CORPUS_ARTICLE_TABLES)
_SQL_TYPES = {"string": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE", "boolean": "BOOLEAN", LIST: "VARCHAR[]"}
#: Which look-up answers each work key, so an article added later asks nothing already asked.
_LOOKUPS_DDL = "CREATE TABLE IF NOT EXISTS work_lookups (work_key VARCHAR PRIMARY KEY, doi VARCHAR, query VARCHAR)"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _to_cell(value):
    """A list cell for DuckDB: each element text, dicts as JSON."""
    if not isinstance(value, list):
        return [] if is_missing(value) else [str(value)]
    return [json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, dict) else str(v) for v in value]


def _from_cell(value) -> list:
    """A VARCHAR[] cell back to a list; JSON objects (authors) back to dicts."""
    if value is None or (not hasattr(value, "__len__") and is_missing(value)):
        return []
    out = []
    for item in list(value):
        if isinstance(item, str) and item.startswith("{") and item.endswith("}"):
            try:
                out.append(json.loads(item))
                continue
            except ValueError:
                pass
        out.append(item)
    return out


class CorpusStore:
    """A corpus's tables in DuckDB (``DIR/corpus.duckdb``); a context manager.

    Parameters
    ----------
    path
        The store file, or the corpus folder holding it.
    read_only
        Open for queries only (several processes may read at once; one may write).

    Examples
    --------
    >>> import tempfile
    >>> with CorpusStore(tempfile.mkdtemp()) as store:
    ...     store.query("SELECT count(*) AS n FROM articles")["n"].tolist()
    [0]
    """

    def __init__(self, path: str | Path, *, read_only: bool = False):
        try:
            import duckdb
        except ImportError as err:
            raise LitmapError("the corpus store needs DuckDB: pip install 'litmap[corpus]'") from err

        path = Path(path)
        self.path = path / STORE_FILE if path.is_dir() or path.suffix != ".duckdb" else path
        if read_only and not self.path.exists():
            raise LitmapError(f"{self.path}: no corpus store here; run `litmap corpus ... --out {self.path.parent}`")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as err:
            raise LitmapError(f"{self.path}: the corpus store cannot be opened ({err})") from err
        if not read_only:
            self._create()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _create(self) -> None:
        """Create missing tables, and add columns a newer litmap defines to tables an older one made."""
        for name, schema in STORE_TABLES.items():
            columns = ", ".join(f"{_quote(c.name)} {_SQL_TYPES[c.dtype]}" for c in schema.columns)
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {_quote(name)} ({columns})")
            have = {row[0] for row in self._db.execute(f"DESCRIBE {_quote(name)}").fetchall()}
            for col in schema.columns:
                if col.name not in have:
                    self._db.execute(
                        f"ALTER TABLE {_quote(name)} ADD COLUMN {_quote(col.name)} {_SQL_TYPES[col.dtype]}"
                    )
        self._db.execute(_LOOKUPS_DDL)

    # ------------------------------------------------------------ reading

    def query(self, sql: str, params=None) -> pd.DataFrame:
        """Run SQL on the store and return the result as a DataFrame (list columns as lists)."""
        frame = self._db.execute(sql, params or []).df()
        for name in frame.columns:
            if frame[name].dtype == object and frame[name].map(lambda v: hasattr(v, "tolist")).any():
                frame[name] = [_from_cell(v) for v in frame[name]]
        return frame

    def table(self, name: str, *, where: str = "", params=None) -> pd.DataFrame:
        """One table of the store, typed by its schema (lists as lists, authors as dicts), rows in stored order."""
        schema = STORE_TABLES.get(name)
        if schema is None:
            raise LitmapError(f"no table {name!r} in a corpus store; tables: {', '.join(STORE_TABLES)}")
        query = f"SELECT * FROM {_quote(name)} {where} ORDER BY rowid"
        frame = self._db.execute(query, params or []).df()
        for col in schema.list_columns:
            frame[col] = [_from_cell(v) for v in frame[col]]
        return schema.coerce(frame)

    def article_states(self) -> dict[str, tuple[str, str | None]]:
        """``article_id -> (status, sha256)`` of every stored article."""
        rows = self._db.execute("SELECT article_id, status, sha256 FROM articles").fetchall()
        return {aid: (status, sha) for aid, status, sha in rows}

    def article_sources(self) -> dict[str, str]:
        """``article_id -> source`` of every stored article (ids are checked against it)."""
        return dict(self._db.execute("SELECT article_id, source FROM articles").fetchall())

    def work_lookups(self, keys) -> dict[str, tuple[str | None, str | None]]:
        """What answers each of ``keys`` (work keys) so far: ``key -> (doi, search text)``."""
        keys = sorted({k for k in keys if k})
        if not keys:
            return {}
        rows = self._db.execute(
            "SELECT work_key, doi, query FROM work_lookups WHERE list_contains(?, work_key)", [keys]
        )
        return {key: (doi, query) for key, doi, query in rows.fetchall()}

    # ------------------------------------------------------------ writing

    def write_batch(self, articles: list[dict], lookups: dict[str, tuple[str | None, str | None]]) -> None:
        """Store a batch of articles in one transaction, replacing earlier rows of the same articles.

        ``articles`` are dicts of table name -> rows for one article (``articles`` is one row);
        ``lookups`` the work keys first answered in this batch.
        """
        ids = sorted({a["articles"]["article_id"].iloc[0] for a in articles})
        states = self.article_states()
        stored = [aid for aid in ids if aid in states]  # only these have rows to replace
        frames = {name: [a[name] for a in articles if name in a and len(a[name])] for name in _PER_ARTICLE}
        keys = pd.DataFrame(
            [(key, doi, query) for key, (doi, query) in lookups.items()], columns=["work_key", "doi", "query"]
        ).astype("string")
        self._db.execute("BEGIN TRANSACTION")
        try:
            for name in _PER_ARTICLE:
                if stored:
                    self._db.execute(f"DELETE FROM {_quote(name)} WHERE list_contains(?, article_id)", [stored])
                if frames[name]:
                    self._insert(name, pd.concat(frames[name], ignore_index=True))
            if len(keys):
                self._db.register("litmap_keys", keys)
                self._db.execute("INSERT OR REPLACE INTO work_lookups SELECT work_key, doi, query FROM litmap_keys")
                self._db.unregister("litmap_keys")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _insert(self, name: str, frame: pd.DataFrame) -> None:
        schema = STORE_TABLES[name]
        frame = schema.coerce(frame)[schema.names].copy()
        for col in schema.list_columns:
            frame[col] = [_to_cell(v) for v in frame[col]]
        casts = ", ".join(f"CAST({_quote(c.name)} AS {_SQL_TYPES[c.dtype]})" for c in schema.columns)
        self._db.register("litmap_batch", frame)
        try:
            self._db.execute(f"INSERT INTO {_quote(name)} SELECT {casts} FROM litmap_batch")
        finally:
            self._db.unregister("litmap_batch")

    def update_works(self) -> int:
        """Rebuild the works table from the stored references and audits; returns the number of works.

        Entries of one work key that the audit matched to a DOI in one article and not in another
        are one work (the DOI's).
        """
        self._db.execute(
            'UPDATE "references" AS r SET work_id = m.work_id FROM ('
            '  SELECT work_key, min(work_id) AS work_id FROM "references"'
            "  WHERE work_id LIKE 'doi:%' GROUP BY work_key) AS m "
            "WHERE r.work_key = m.work_key AND r.work_id NOT LIKE 'doi:%'"
        )
        # A work's status is its entries' most telling one: retracted, then verified, ... (else unchecked).
        ranked = ("retracted", "verified", "discrepant", "not_found", "unchecked")
        order = (
            "CASE status "
            + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(ranked[:-1]))
            + f" ELSE {len(ranked) - 1} END"
        )
        statuses = "[" + ", ".join(f"'{s}'" for s in ranked) + "]"
        self._db.execute("DELETE FROM works")
        self._db.execute(
            f"""
            INSERT INTO works
            WITH cited AS (
                SELECT r.article_id, r.ref_id, r.work_id, a.status,
                       coalesce(a.doi, r.doi) AS doi,
                       CASE WHEN a.status IN ('verified', 'discrepant', 'retracted') THEN a.title ELSE r.title END AS title,
                       CASE WHEN a.status IN ('verified', 'discrepant', 'retracted') THEN a.year ELSE r.year END AS year
                FROM "references" r JOIN audit a USING (article_id, ref_id)
            ),
            counts AS (
                SELECT article_id, ref_id, count(*) AS n FROM citations WHERE ref_id IS NOT NULL GROUP BY ALL
            ),
            verdicts AS (
                SELECT work_id, list(status || ' ' || n ORDER BY rank) AS verdicts, min(rank) AS best
                FROM (SELECT work_id, status, count(*) AS n, min({order}) AS rank FROM cited GROUP BY ALL)
                GROUP BY work_id
            )
            SELECT c.work_id, min(c.doi), mode(c.title), mode(c.year),
                   {statuses}[any_value(v.best) + 1],
                   count(DISTINCT c.article_id), sum(coalesce(k.n, 0)),
                   list(DISTINCT c.article_id ORDER BY c.article_id), any_value(v.verdicts)
            FROM cited c LEFT JOIN counts k USING (article_id, ref_id) JOIN verdicts v USING (work_id)
            GROUP BY c.work_id
            ORDER BY count(DISTINCT c.article_id) DESC, sum(coalesce(k.n, 0)) DESC, c.work_id
            """
        )
        return self._db.execute("SELECT count(*) FROM works").fetchone()[0]

    def export_parquet(self, folder: str | Path) -> list[Path]:
        """Write every table as ``<folder>/<table>.parquet`` (pandas, Polars, Spark, BigQuery read them)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in STORE_TABLES:
            path = folder / f"{name}.parquet"
            target = str(path).replace("'", "''")
            self._db.execute(f"COPY {_quote(name)} TO '{target}' (FORMAT parquet)")
            paths.append(path)
        return paths


@checked(out_dir=path)
def read_corpus(out_dir: str | Path) -> CorpusStore:
    """Open the store a ``litmap corpus`` run wrote in ``out_dir``, for queries (read only).

    Raises
    ------
    LitmapError
        There is no store in ``out_dir``.
    """
    return CorpusStore(out_dir, read_only=True)
