"""The command line's shared options and their checks: files, folders, settings, the --out lock, the run options."""

from __future__ import annotations

import contextlib
import os
from contextlib import contextmanager
from pathlib import Path

import click

from litmap.errors import LitmapError

#: Why ``-`` is refused where an article is named: litmap reads files and URLs, never standard input.
STDIN_REFUSED = "'-' (standard input) is not read: save the article to a file and give its path, or an http(s) address"


def not_empty(ctx, param, value):
    """An ARTICLE argument: an empty one (an unset shell variable) is refused, not read as the current folder,
    and ``-`` (standard input, which no litmap command reads) is refused unless a file of that name exists."""
    if value is not None and not str(value).strip():
        raise click.BadParameter("is empty; give a file path or an http(s) address", ctx=ctx, param=param)
    if value == "-" and not Path(value).exists():  # no stdin, as --references and --list take none
        raise click.BadParameter(STDIN_REFUSED, ctx=ctx, param=param)
    return value


def out_folder(ctx, param, value):
    """An ``--out`` folder: an empty one (an unset shell variable) is refused, not taken for the current folder."""
    if value is not None and not str(value).strip():
        raise click.BadParameter("is empty; name a folder (`--out .` for the current one)", ctx=ctx, param=param)
    return Path(value) if value is not None else None


def command_settings(**options):
    """The command's settings: the ``LITMAP_*`` variables, read once per command line (its file checks
    and its run share them), with the options given on it on top (None: not given)."""
    from litmap.settings import Settings

    meta = click.get_current_context().meta  # one dict for the command line's every context
    if "litmap.settings" not in meta:
        meta["litmap.settings"] = Settings.from_env()
    given = {name: value for name, value in options.items() if value is not None}
    return meta["litmap.settings"].replace(**given) if given else meta["litmap.settings"]


def text_file(ctx, param, value):
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
    limit = command_settings().max_bytes
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
def only_writer(folder: Path):
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


def run_options(command):
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
            callback=text_file,
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
            callback=text_file,
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


def run_arguments(
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
    settings = command_settings(
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
