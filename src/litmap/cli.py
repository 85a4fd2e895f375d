"""The ``litmap`` command line: the notebooks' pipeline in batch.

click gives us --help text from the option declarations; a user mistake (missing file, no
reference section, a URL while offline, a mistyped command) prints one line, ``litmap: error: …``,
not a traceback, and Ctrl-C stops the run at once with ``litmap: interrupted after N of M look-ups; …``.

Exit status: 0 done; 1 an error litmap explains (or a bug, said in one line: ``--debug`` shows its
traceback); 2 a usage error (an unknown command or option, a missing argument); 130 interrupted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from contextlib import contextmanager
from pathlib import Path

import click

from litmap import __version__
from litmap.errors import LitmapError, RunInterrupted
from litmap.notebooks import CELL_TIMEOUT

#: Exit status: an error litmap explains; a usage error; Ctrl-C, as shells report SIGINT (128 + 2).
EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


class _UserErrors(click.Group):
    """One line for everything: litmap's errors (1), usage errors (2), Ctrl-C at any moment (130), and
    a bug (1, its traceback only with ``--debug``)."""

    def main(self, args=None, prog_name=None, **extra):
        import sys

        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv[: argv.index("--")] if "--" in argv else "--debug" in argv
        extra.pop("standalone_mode", None)
        try:
            try:
                super().main(args=argv, prog_name=prog_name or "litmap", standalone_mode=False, **extra)
            except click.exceptions.Exit as done:
                sys.exit(done.exit_code)
            except click.Abort as err:  # click's word for Ctrl-C: the interrupt it caught says how far the run got
                cause = err.__cause__ or err.__context__
                raise (cause if isinstance(cause, RunInterrupted) else KeyboardInterrupt()) from None
            except click.UsageError as err:
                hint = f" (see `{err.ctx.command_path if err.ctx is not None else 'litmap'} --help`)"
                click.echo(f"litmap: error: {_one_line(err.format_message())}{hint}", err=True)
                sys.exit(EXIT_USAGE)
            except click.ClickException as err:
                click.echo(f"litmap: error: {_one_line(err.format_message())}", err=True)
                sys.exit(err.exit_code)
            except LitmapError as err:
                click.echo(f"litmap: error: {_one_line(str(err))}", err=True)
                sys.exit(EXIT_ERROR)
            except (OSError, MemoryError) as err:  # a full disk, a folder litmap may not write, no memory left
                if debug:
                    raise
                click.echo(f"litmap: error: {_one_line(_os_error(err))}", err=True)
                sys.exit(EXIT_ERROR)
            except Exception as err:
                if debug:
                    raise
                click.echo(
                    f"litmap: error: litmap failed ({type(err).__name__}: {_one_line(str(err))[:200]}); this is a bug: "
                    "please report it with the output of the same command run with --debug",
                    err=True,
                )
                sys.exit(EXIT_ERROR)
            sys.exit(0)
        except RunInterrupted as err:
            click.echo(f"litmap: {_one_line(str(err))}", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except KeyboardInterrupt:
            click.echo("litmap: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


def _one_line(message: str) -> str:
    r"""A message on one line: a parser's several lines (YAML's, with its caret under the column) joined
    with "; ", lines of only marks left out.

    >>> _one_line('not valid YAML: while parsing\n  in "<unicode string>", line 1, column 10:\n    topics: [\n             ^')
    'not valid YAML: while parsing; in "<unicode string>", line 1, column 10:; topics: ['
    """
    lines = [" ".join(line.split()) for line in str(message).splitlines()]
    return "; ".join(line for line in lines if line.strip("^~ "))


def _os_error(err: Exception) -> str:
    """An operating-system error in one line: '[Errno 28] No space left on device: out/x.csv' -> words."""
    if isinstance(err, MemoryError):
        return "out of memory"
    if isinstance(err, (FileExistsError, NotADirectoryError)) and getattr(err, "filename", None):
        return f"cannot make the folder {err.filename}: something that is not a folder is in the way"
    name = str(getattr(err, "filename", None) or "")
    if len(name) > 200:  # "File name too long" with all 5,000 characters of it is not one line
        name = f"{name[:100]}…{name[-40:]} ({len(name):,} characters)"
    where = f": {name}" if name else ""
    return f"{getattr(err, 'strerror', None) or err}{where}"


@click.group(cls=_UserErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="litmap")
@click.option("-v", "--verbose", is_flag=True, help="Log each stage and HTTP request.")
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error (for bug reports).")
def main(verbose: bool, debug: bool) -> None:
    """litmap: turn an article's claims and reference list into an audited evidence map."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    if not verbose:  # one line per character it cannot write as LaTeX (zero-width spaces and the like)
        logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    warnings.simplefilter("default")
    if not debug:
        warnings.showwarning = _show_warning
        # a file left open by Ctrl-C in the middle of writing a figure: said after "interrupted", it buried it
        warnings.simplefilter("ignore", ResourceWarning)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning in one line, ``litmap: warning: …``, without the source line Python adds."""
    click.echo(f"litmap: warning: {' '.join(str(message).split())}", err=True)


def _not_empty(ctx, param, value):
    """An ARTICLE argument: an empty one (an unset shell variable) is refused, not read as the current folder."""
    if value is not None and not str(value).strip():
        raise click.BadParameter("is empty; give a file path or an http(s) address", ctx=ctx, param=param)
    return value


def _folder(ctx, param, value):
    """An ``--out`` folder: an empty one (an unset shell variable) is refused, not taken for the current folder."""
    if value is not None and not str(value).strip():
        raise click.BadParameter("is empty; name a folder (`--out .` for the current one)", ctx=ctx, param=param)
    return Path(value) if value is not None else None


def _settings(**options):
    """The command's settings: the ``LITMAP_*`` variables, read once per command line (its file checks
    and its run share them), with the options given on it on top (None: not given)."""
    from litmap.settings import Settings

    meta = click.get_current_context().meta  # one dict for the command line's every context
    if "litmap.settings" not in meta:
        meta["litmap.settings"] = Settings.from_env()
    given = {name: value for name, value in options.items() if value is not None}
    return meta["litmap.settings"].replace(**given) if given else meta["litmap.settings"]


def _text_file(ctx, param, value):
    """A file option litmap reads whole as UTF-8 text (topics, snapshot, list of articles): a pipe or a
    device (which would block or never end), a file over LITMAP_MAX_BYTES or one that is not UTF-8 is
    refused here, in one line, before any work starts. A file that does not exist yet passes (--snapshot
    with --refresh writes it)."""
    import stat

    from litmap.settings import describe_bytes

    if value is None or not Path(value).exists():
        return value
    mode = Path(value).stat().st_mode
    if not stat.S_ISREG(mode):
        raise click.BadParameter(f"{value} is not a regular file (a pipe, a device or a socket)", ctx=ctx, param=param)
    limit = _settings().max_bytes
    if Path(value).stat().st_size > limit:
        raise click.BadParameter(
            f"{value} is larger than {describe_bytes(limit)} (set LITMAP_MAX_BYTES to allow more)", ctx=ctx, param=param
        )
    try:
        Path(value).read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise click.BadParameter(
            f"{value} is not UTF-8 text (byte 0x{err.object[err.start]:02x} at position {err.start:,})",
            ctx=ctx,
            param=param,
        ) from None
    return value


@contextmanager
def _only_writer(folder: Path):
    """Hold ``folder`` for one run: a second run writing to the same --out at the same time is refused in
    one line, instead of the two interleaving their files. The lock is on the folder itself (nothing is
    written for it) and ends with the process; a folder made for a run that failed before writing is
    removed again."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; runs are not held apart
        yield
        return
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LitmapError(
                f"another litmap run is writing to {folder}/ now; wait for it to finish, or choose another --out"
            ) from None
        try:
            yield
        except BaseException:
            if made:
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty
            raise
    finally:
        os.close(handle)


def _run_options(command):
    """The options ``litmap run`` and ``litmap corpus`` share: look-ups, topics, reading list, figures."""
    options = [
        click.option(
            "--offline",
            is_flag=True,
            help="Make no network request at all (ARTICLE must then be a file): look-ups come only from "
            "--snapshot and the cache; references nothing answers are reported as 'unchecked' [env: LITMAP_OFFLINE].",
        ),
        click.option(
            "--snapshot",
            type=click.Path(dir_okay=False, path_type=Path),
            callback=_text_file,
            help="A JSON file of saved look-ups (e.g. data/snapshots/empathy-in-therapy.json), "
            "consulted before the cache and the network; with --refresh, rewritten.",
        ),
        click.option(
            "--refresh",
            is_flag=True,
            help="Look every reference up again online, ignoring snapshot and cache, and rewrite --snapshot.",
        ),
        click.option(
            "--mailto",
            metavar="EMAIL",
            help="Your contact address for Crossref's polite pool [env: LITMAP_MAILTO].",
        ),
        click.option(
            "--openalex-key",
            metavar="KEY",
            help="Your free OpenAlex API key, to fill abstracts, free full-text links and reference lists that "
            "Crossref and Europe PMC lack; without one OpenAlex is not asked [env: LITMAP_OPENALEX_KEY].",
        ),
        click.option(
            "--topics",
            "taxonomy",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            callback=_text_file,
            help="A topic taxonomy (YAML) for the claims, e.g. data/topics/empathy-in-therapy.yaml or one "
            "written by `litmap topics`; by default the article's own topics are discovered.",
        ),
        click.option(
            "--verified-only",
            is_flag=True,
            help="Reading list: keep only works whose record was found (verified or discrepant, "
            "listed with the record's corrected fields).",
        ),
        click.option("--no-figures", is_flag=True, help="Skip drawing the figures (faster on large articles)."),
        click.option(
            "--preset",
            type=click.Choice(["presentation", "paper"]),
            default="presentation",
            show_default=True,
            help="Figure style: a 16:9 slide (13.333 x 7.5 in, 1920 x 1080 px, type of 14 pt and more), "
            "or a journal's two-column width (7 in, 300 dpi PNG).",
        ),
        click.option(
            "--formats",
            metavar="LIST",
            help="The figures' file formats, comma-separated: png, svg (text kept as text), pdf (fonts "
            "embedded); by default all three [env: LITMAP_FIGURE_FORMATS].",
        ),
        click.option(
            "--slides/--no-slides",
            default=None,
            help="Write the slide deck, evidence.pptx (title, evidence map, a slide per topic, audit summary, "
            "references that need attention, claims that cite no source, reading list); by default whenever "
            "the figures are drawn.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_arguments(
    *,
    offline: bool,
    snapshot,
    refresh: bool,
    mailto,
    openalex_key,
    taxonomy,
    verified_only: bool,
    no_figures: bool,
    preset: str,
    formats: str | None,
    slides: bool | None,
) -> dict:
    """The shared options as the keyword arguments of ``litmap.run`` and ``litmap.corpus.run.run_corpus``."""
    from litmap.settings import FIGURE_FORMATS

    if refresh and snapshot is None:
        raise click.UsageError("--refresh needs --snapshot FILE to write the answers to")
    chosen = None
    if formats is not None:
        chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
        unknown = [f for f in chosen if f not in FIGURE_FORMATS]
        if unknown or not chosen:
            raise click.BadParameter(
                f"{unknown[0] if unknown else formats!r} is not a figure format; use png, svg and pdf",
                param_hint="--formats",
            )
    settings = _settings(
        mailto=mailto,
        openalex_key=openalex_key,
        offline=offline or None,
        refresh=refresh or None,
        figure_formats=chosen,
    )
    return {
        "settings": settings,
        "snapshot": snapshot,
        "taxonomy": taxonomy,
        "verified_only": verified_only,
        "figures": not no_figures,
        "preset": preset,
        "slides": slides,
    }


@main.command()
@click.argument("article", callback=_not_empty)
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
    callback=_folder,
    default=Path("outputs"),
    show_default=True,
    help="Folder for the tables, graph, figures and reading lists.",
)
@_run_options
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

    arguments = _run_arguments(**options)
    with _only_writer(out_dir):
        result = run_pipeline(article, references=references, out_dir=out_dir, **arguments)
    for message in result.messages:
        click.echo(message)
    click.echo(f"wrote {counted(len(result.files), 'file')} to {out_dir}/")


@main.command()
@click.argument("article", callback=_not_empty)
@click.option(
    "--references",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file with the reference list, for pages whose list is missing or elsewhere.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    callback=_folder,
    default=Path("outputs"),
    show_default=True,
    help="Folder for the deck (evidence.pptx) and everything it was made from.",
)
@_run_options
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

    arguments = _run_arguments(**{**options, "slides": True})
    with _only_writer(out_dir):
        result = run_pipeline(article, references=references, out_dir=out_dir, **arguments)
    for message in result.messages:
        click.echo(message)
    click.echo(f"wrote {out_dir / 'evidence.pptx'} and {len(result.files) - 1} more files to {out_dir}/")


@main.command()
@click.argument("article", callback=_not_empty)
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

    loaded = load_article(article, references=references, settings=_settings())
    taxonomy = discover_topics(
        loaded.claims, title=loaded.article.title, keywords=article_keywords(loaded.article.sections)
    )
    click.echo(format_taxonomy(taxonomy, claim_topics=compute_topics(loaded.claims, taxonomy)), nl=False)


@main.command()
@click.option(
    "--article",
    metavar="PATH_OR_URL",
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
    callback=_text_file,
    help="A topic taxonomy (YAML, e.g. an edited topics.yaml); by default the article's own topics are discovered.",
)
@click.option(
    "--snapshot",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    callback=_text_file,
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
    callback=_folder,
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
    from litmap.pipeline import check_article, location_of

    if article is None and (references or snapshot or mailto or openalex_key):
        raise click.UsageError(
            "--references, --snapshot, --mailto and --openalex-key need --article (the bundled demo runs offline)"
        )
    out = out_dir.resolve()
    parameters: dict = {"out_dir": str(out)}
    # The whole settings reach the notebooks (their kernel's LITMAP_* variables), not two of them.
    settings = _settings(mailto=mailto, offline=offline or None, openalex_key=openalex_key)
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
        report=lambda path: click.echo(f"executed {path}"),
    )
    click.echo(f"results in {out}/")


@main.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--list",
    "list_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    callback=_text_file,
    help="A file naming more articles, one path or URL a line ('#' starts a comment).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    callback=_folder,
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
@_run_options
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
        **_run_arguments(**options),
    )
    for message in result.messages:
        click.echo(message)
    click.echo(f"wrote the corpus to {out_dir}/ (corpus.duckdb, parquet/, articles/, figures/)")


if __name__ == "__main__":  # pragma: no cover
    main()
