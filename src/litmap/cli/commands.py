"""The ``litmap`` group and its sub-commands (run, slides, topics, notebooks, corpus): each one's options and body."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import click

from litmap import __version__
from litmap.cli.options import (
    command_settings,
    not_empty,
    only_writer,
    out_folder,
    run_arguments,
    run_options,
    text_file,
)
from litmap.cli.reporting import LogLines, UserErrors, show_warning
from litmap.notebooks import CELL_TIMEOUT
from litmap.text import escape_controls


@click.group(cls=UserErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="litmap")
@click.option("-v", "--verbose", is_flag=True, help="Log each stage and HTTP request.")
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error (for bug reports).")
def main(verbose: bool, debug: bool) -> None:
    """litmap: turn an article's claims and reference list into an audited evidence map."""
    handler = logging.StreamHandler()
    handler.setFormatter(LogLines(verbose=verbose, debug=debug))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    if not verbose:  # one line per character it cannot write as LaTeX (zero-width spaces and the like)
        logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    warnings.simplefilter("default")
    if not debug:
        warnings.showwarning = show_warning
        # a file left open by Ctrl-C in the middle of writing a figure: said after "interrupted", it buried it
        warnings.simplefilter("ignore", ResourceWarning)


@main.command()
@click.argument("article", callback=not_empty)
@click.option(
    "--references",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file with the reference list, one entry per line or paragraph, "
    "for pages whose list is missing or elsewhere.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    callback=out_folder,
    default=Path("outputs"),
    show_default=True,
    help="Folder for the tables, graph, figures and reading lists.",
)
@run_options
def run(article: str, references: Path | None, out_dir: Path, **options) -> None:
    """Run the pipeline on ARTICLE (a file path or an http(s) URL) and write the outputs.

    Writes into --out: the tables (references, claims, citations with claim-source fit,
    unresolved, uncited, audit, source_links, claim_topics; CSV, list columns joined with '; '),
    the topics used (topics.yaml: discovered unless --topics is given; edit it and pass it back),
    the evidence graph (graph.graphml, graph.gexf, graph-nodes.csv, graph-edges.csv), figures/
    (evidence map, source network, audit summary, sources by year; PNG, SVG and PDF, each a 16:9
    slide by default), the reading list (reading-list.md, .html, .bib, .ris, .json; one per topic in
    by-topic/) and the slide deck evidence.pptx (unless --no-figures or --no-slides), then prints a
    short summary.
    `litmap notebooks --article` writes the same files.
    The works found are enriched from Europe PMC (and OpenAlex, with --openalex-key): abstracts,
    subjects, free full-text links and reference lists.
    Look-ups are cached in the user's cache folder ($LITMAP_CACHE_DIR to move it), so a run
    interrupted with Ctrl-C and started again repeats no finished look-up. Limits and other
    settings come from LITMAP_* variables (see docs/settings.md).
    """
    from litmap.pipeline import run as run_pipeline
    from litmap.text import counted

    arguments = run_arguments(**options)
    with only_writer(out_dir):
        result = run_pipeline(article, references=references, out_dir=out_dir, **arguments)
    for message in result.messages:
        click.echo(message)
    click.echo(f"wrote {counted(len(result.files), 'file')} to {escape_controls(out_dir)}/")


@main.command()
@click.argument("article", callback=not_empty)
@click.option(
    "--references",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file with the reference list, for pages whose list is missing or elsewhere.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    callback=out_folder,
    default=Path("outputs"),
    show_default=True,
    help="Folder for the deck (evidence.pptx) and everything it was made from.",
)
@run_options
def slides(article: str, references: Path | None, out_dir: Path, **options) -> None:
    """Make a slide deck of ARTICLE's evidence: OUT/evidence.pptx (PowerPoint, opens in LibreOffice too).

    The same run as `litmap run ARTICLE --slides`: a title slide, the evidence map, one slide per
    topic with its claims and sources, the audit summary, the references that need attention
    (discrepant, retracted, not found) with the reasons in words, the claims that cite no source
    and the reading list's first page; text and tables are PowerPoint's own, figures are
    pictures, and every slide has speaker notes. The tables, figures and reading lists it was
    made from are written into --out too.
    """
    from litmap.pipeline import run as run_pipeline

    arguments = run_arguments(**{**options, "slides": True})
    with only_writer(out_dir):
        result = run_pipeline(article, references=references, out_dir=out_dir, **arguments)
    for message in result.messages:
        click.echo(message)
    shown = escape_controls(out_dir)
    click.echo(f"wrote {shown}/evidence.pptx and {len(result.files) - 1} more files to {shown}/")


@main.command()
@click.argument("article", callback=not_empty)
@click.option(
    "--references",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file with the reference list, for pages whose list is missing or elsewhere.",
)
def topics(article: str, references: Path | None) -> None:
    """Discover ARTICLE's own topics and print them as a taxonomy (YAML).

    Save the output (`litmap topics ARTICLE > my-topics.yaml`), rename, merge or drop topics
    and edit their terms, then run `litmap run ARTICLE --topics my-topics.yaml`. Comments
    above each topic list the claims it holds.
    """
    from litmap.evidence.discovery import discover_topics
    from litmap.evidence.keyphrases import article_keywords
    from litmap.evidence.taxonomy import format_taxonomy
    from litmap.evidence.topics import compute_topics
    from litmap.pipeline import load_article

    loaded = load_article(article, references=references, settings=command_settings())
    taxonomy = discover_topics(
        loaded.claims, title=loaded.article.title, keywords=article_keywords(loaded.article.sections)
    )
    click.echo(format_taxonomy(taxonomy, claim_topics=compute_topics(loaded.claims, taxonomy)), nl=False)


@main.command()
@click.option(
    "--article",
    metavar="PATH_OR_URL",
    callback=not_empty,
    help="Run the article notebooks on this article (a file or an http(s) URL) instead of the bundled one.",
)
@click.option(
    "--references",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --article: a file with the reference list, for pages whose list is missing or elsewhere.",
)
@click.option(
    "--topics",
    "taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    callback=text_file,
    help="A topic taxonomy (YAML, e.g. an edited topics.yaml); by default the article's own topics are discovered.",
)
@click.option(
    "--snapshot",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    callback=text_file,
    help="With --article: a JSON file of saved look-ups (e.g. written by `litmap run --refresh --snapshot`).",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Make no network request: references nothing saved or cached answers are 'unchecked' "
    "[env: LITMAP_OFFLINE]. Without --article the notebooks run offline anyway (bundled snapshot).",
)
@click.option("--mailto", metavar="EMAIL", help="Your contact address for Crossref's polite pool [env: LITMAP_MAILTO].")
@click.option(
    "--openalex-key",
    metavar="KEY",
    help="With --article: your free OpenAlex API key; the notebooks' kernel gets it in its environment, so it "
    "never appears in a notebook [env: LITMAP_OPENALEX_KEY].",
)
@click.option(
    "--notebooks",
    "notebook_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("notebooks"),
    show_default=True,
    help="Folder of numbered notebooks (01_…).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    callback=out_folder,
    default=Path("outputs"),
    show_default=True,
    help="Results folder; executed notebooks go to OUT/notebooks/.",
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=CELL_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Seconds each cell may run before it is interrupted.",
)
def notebooks(
    article: str | None,
    references: Path | None,
    taxonomy: Path | None,
    snapshot: Path | None,
    offline: bool,
    mailto: str | None,
    openalex_key: str | None,
    notebook_dir: Path,
    out_dir: Path,
    timeout: int,
) -> None:
    """Execute the notebooks headless, writing executed copies and their results to --out.

    Without --article: every notebook on the bundled article, offline (as `make demo`). With
    --article: the notebooks about one article (those whose parameters cell has `article`) on
    that article, online unless --offline. A failing cell stops the run with one line naming
    the notebook and the cell; the executed copy in OUT/notebooks/ shows the traceback.
    """
    from litmap.notebooks import execute_notebooks
    from litmap.pipeline import check_article, check_not_overwritten, location_of

    if article is None and (references or snapshot or mailto or openalex_key):
        raise click.UsageError(
            "--references, --snapshot, --mailto and --openalex-key need --article (the bundled demo runs offline)"
        )
    if taxonomy is not None:  # refused here, in one line, not in a kernel after the notebooks before it ran
        from litmap.evidence.taxonomy import read_taxonomy

        read_taxonomy(taxonomy)
    out = out_dir.resolve()
    # the notebooks write what `litmap run` writes: no input overwritten, nothing written through a link
    check_not_overwritten(out, source=article, references=references)
    parameters: dict = {"out_dir": str(out)}
    # The whole settings reach the notebooks (their kernel's LITMAP_* variables), not two of them.
    settings = command_settings(mailto=mailto, offline=offline or None, openalex_key=openalex_key)
    if article is not None:
        check_article(article, settings=settings)
        parameters |= {
            "article": location_of(article),
            "references": location_of(references),
            "snapshot": location_of(snapshot),
            "offline": settings.offline,
            "mailto": settings.mailto,
            "topics_file": location_of(taxonomy),
        }
    elif taxonomy is not None:
        parameters["topics_file"] = location_of(taxonomy)
    execute_notebooks(
        notebook_dir,
        out / "notebooks",
        parameters=parameters,
        parameter="article" if article is not None else None,
        settings=settings,
        timeout=timeout,
        report=lambda path: click.echo(f"executed {escape_controls(path)}"),
    )
    click.echo(f"results in {escape_controls(out)}/")


@main.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--list",
    "list_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    callback=text_file,
    help="A file naming more articles, one path or URL a line ('#' starts a comment).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    callback=out_folder,
    default=Path("corpus"),
    show_default=True,
    help="Folder for the store (corpus.duckdb, parquet/), each article's outputs (articles/) and the corpus outputs.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Read and finish articles in this many processes (a local Dask cluster when more than 1).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run the per-article stages on an existing dask.distributed cluster, e.g. tcp://host:8786 "
    "(its workers must see the articles and --out at the same paths).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Articles read, looked up and stored together; memory grows with it, not with the corpus.",
)
@click.option(
    "--no-article-outputs",
    is_flag=True,
    help="Write no folder per article (the store still holds every article's tables): faster on large corpora.",
)
@run_options
def corpus(
    inputs: tuple[str, ...],
    list_file: Path | None,
    out_dir: Path,
    workers: int,
    scheduler: str | None,
    batch_size: int,
    no_article_outputs: bool,
    **options,
) -> None:
    """Run many articles as one corpus: INPUTS are files, folders (searched for .txt, .md, .html and
    .pdf) and http(s) URLs.

    Each distinct work is looked up once across the corpus, through one paced client, however many
    workers read the articles. Writes into --out: corpus.duckdb (tables articles, references, claims,
    citations, audit, claim_topics and works) and parquet/ (the same tables), articles/<article_id>/
    (each article's outputs, as `litmap run` writes them), graph.graphml, works.csv,
    corpus-reading-list.md/.html/.bib/.ris/.json and figures/. Run it again with more inputs and
    only the new or changed articles are read; an article that fails is reported and the rest go on.
    """
    from litmap.corpus.run import run_corpus

    result = run_corpus(
        inputs,
        out_dir=out_dir,
        list_file=list_file,
        workers=workers,
        scheduler=scheduler,
        batch_size=batch_size,
        article_outputs=not no_article_outputs,
        **run_arguments(**options),
    )
    for message in result.messages:
        click.echo(message)
    click.echo(f"wrote the corpus to {escape_controls(out_dir)}/ (corpus.duckdb, parquet/, articles/, figures/)")
