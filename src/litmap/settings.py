"""One settings object for everything that talks to the network or keeps answers on disk.

:class:`Settings` holds the contact address, the cache folder, the services' base URLs, the
offline and refresh switches, and every limit (timeouts, retries, sizes, the circuit breaker).
It is read once — from keyword arguments, then ``LITMAP_<NAME>`` environment variables, then the
defaults — and handed to whatever fetches, instead of threading each option through every layer.

Every field has a variable named after it: ``LITMAP_MAILTO``, ``LITMAP_CACHE_DIR``,
``LITMAP_CROSSREF_URL``, ``LITMAP_OFFLINE``, ``LITMAP_MAX_BYTES``, … (see docs/settings.md).
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from numbers import Integral, Real
from pathlib import Path

from litmap.arguments import checked, instance, mismatch
from litmap.errors import ArgumentTypeError, SettingsError

__all__ = ["ENV_PREFIX", "FIGURE_FORMATS", "SETTINGS_ARGUMENT", "UPPER_BOUNDS", "Settings", "describe_bytes"]

#: Prefix of the environment variables that set a field: ``LITMAP_`` + the field name in capitals.
ENV_PREFIX = "LITMAP_"

#: The formats a figure can be written as.
FIGURE_FORMATS = ("png", "svg", "pdf")

#: Most dots per inch a figure is drawn at: beyond it a slide's PNG runs to gigabytes of memory.
MAX_DPI = 1200

#: The largest value each number setting takes. A finite number can still be beyond what the
#: operating system holds: a socket's timeout of 1e300 s overflowed its clock ("timestamp out of range"),
#: 10^30 look-ups in flight started threads until stopped, a circuit breaker judging over 10^30
#: requests overflowed its window. Each bound is far past any use (a timeout of eleven days).
UPPER_BOUNDS = {
    "connect_timeout": 1_000_000,
    "read_timeout": 1_000_000,
    "time_limit": 1_000_000,
    "retry_time_limit": 1_000_000,
    "backoff": 1_000_000,
    "backoff_max": 1_000_000,
    "article_time_limit": 1_000_000,
    "cache_days": 36_500,
    "max_bytes": 10_000_000_000_000,
    "max_total_bytes": 1_000_000_000_000_000,
    "max_redirects": 100,
    "retries": 100,
    "max_concurrency": 100,
    "breaker_min_requests": 100_000,
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Settings:
    """Network, cache and limit settings; immutable, so one object can be shared by every client.

    Examples
    --------
    >>> s = Settings.from_env({"LITMAP_MAILTO": "you@example.org", "LITMAP_RETRIES": "2"}, offline=True)
    >>> s.mailto, s.retries, s.offline
    ('you@example.org', 2, True)
    >>> s.base_url("crossref")
    'https://api.crossref.org'
    >>> Settings(max_bytes=25_000_000).describe_max_bytes()
    '25 MB'
    """

    #: Contact address for the services' polite pools (User-Agent and Crossref's ``mailto``).
    mailto: str | None = None
    #: Folder of the answer cache; None means the user's cache folder (``~/.cache/litmap`` on Linux).
    cache_dir: Path | None = None
    #: Answer only from saved records (a snapshot) and the cache; send no request at all.
    offline: bool = False
    #: Ask every service again, ignoring snapshot and cache (the answers then refresh both).
    refresh: bool = False
    crossref_url: str = "https://api.crossref.org"
    openlibrary_url: str = "https://openlibrary.org"
    europepmc_url: str = "https://www.ebi.ac.uk/europepmc/webservices/rest"
    openalex_url: str = "https://api.openalex.org"
    #: Ask Europe PMC (and OpenAlex, with a key) for abstracts, subjects, free full text and
    #: reference lists of the works the audit found; off, the audit asks Crossref and Open Library only.
    evidence: bool = True
    #: OpenAlex API key (free; OpenAlex has required one since February 2026). Without it OpenAlex
    #: is not asked. Sent as a parameter, never written to the cache, snapshots or messages.
    openalex_key: str | None = field(default=None, repr=False)
    #: Seconds to wait for a connection, and for each read from it.
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    #: Seconds one fetch may take in all, from sending the request to the last byte of the reply.
    time_limit: float = 30.0
    #: Largest reply accepted, in bytes (an article page or PDF, or one service answer), and the
    #: largest article file read from disk.
    max_bytes: int = 25_000_000
    #: Bytes of service replies one run accepts in all; then litmap stops asking.
    max_total_bytes: int = 500_000_000
    #: Seconds one article may take to be read, parsed and finished (look-ups aside); over it the
    #: article fails with that reason (corpus mode goes on with the rest).
    article_time_limit: float = 300.0
    #: Redirects followed when fetching an article.
    max_redirects: int = 5
    #: Retries of one look-up after a 429, a 5xx, a timeout or a lost connection ...
    retries: int = 4
    #: ... and the seconds they may take together, waits included.
    retry_time_limit: float = 120.0
    #: Exponential backoff between retries: ``backoff * 2**(n-1)`` seconds, at most ``backoff_max``.
    backoff: float = 1.0
    backoff_max: float = 30.0
    #: Most look-ups in flight at once per service, whatever the service advertises.
    max_concurrency: int = 5
    #: Days a cached answer stays fresh (retractions can appear at any time, so not months).
    cache_days: float = 7.0
    #: Circuit breaker: stop asking a service for the rest of the run once at least
    #: ``breaker_ratio`` of its last requests failed, judged over at least ``breaker_min_requests``.
    breaker_ratio: float = 0.10
    breaker_min_requests: int = 20
    #: Show progress bars; None means only in notebooks and terminals.
    progress: bool | None = None
    #: The files each figure of a run is written as (``LITMAP_FIGURE_FORMATS=png,svg,pdf``) ...
    figure_formats: tuple[str, ...] = FIGURE_FORMATS
    #: ... and the resolution of its PNG, dots per inch; None: the preset's own (144 for a slide,
    #: 1920 × 1080 px; 300 for a journal's column).
    figure_dpi: int | None = None

    def __post_init__(self):
        _check_types(self)
        if self.offline and self.refresh:
            raise SettingsError("offline and refresh exclude each other: refresh asks every service again")
        for name in (
            "connect_timeout",
            "read_timeout",
            "time_limit",
            "retry_time_limit",
            "backoff_max",
            "cache_days",
            "article_time_limit",
        ):
            if not getattr(self, name) > 0:
                raise SettingsError(f"{name} must be more than 0, got {getattr(self, name)!r}")
            if not math.isfinite(getattr(self, name)):  # sockets and clocks cannot wait for ever ("1e309")
                raise SettingsError(f"{name} must be a finite number of seconds or days, got {getattr(self, name)!r}")
        for name in ("max_bytes", "max_total_bytes", "max_concurrency", "breaker_min_requests"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, got {getattr(self, name)!r}")
        for name in ("max_redirects", "retries", "backoff"):
            if not getattr(self, name) >= 0:
                raise SettingsError(f"{name} must not be negative, got {getattr(self, name)!r}")
        if not math.isfinite(self.backoff):
            raise SettingsError(f"backoff must be a finite number of seconds, got {self.backoff!r}")
        for name, most in UPPER_BOUNDS.items():
            if getattr(self, name) > most:
                raise SettingsError(f"{name} must be at most {most:,}, got {getattr(self, name)!r}")
        formats = self.figure_formats or ()
        if isinstance(formats, str):  # from a variable: "png,svg" or "png svg"
            formats = [f for f in re.split(r"[\s,]+", formats.lower()) if f]
        if not formats:  # LITMAP_FIGURE_FORMATS="" said "got None"
            raise SettingsError(f"figure_formats is empty: name one or more of {', '.join(FIGURE_FORMATS)}")
        if any(f not in FIGURE_FORMATS for f in formats):
            raise SettingsError(
                f"figure_formats must be some of {', '.join(FIGURE_FORMATS)}, got {self.figure_formats!r}"
            )
        object.__setattr__(self, "figure_formats", tuple(formats))
        if self.figure_dpi is not None and not 10 <= self.figure_dpi <= MAX_DPI:
            raise SettingsError(
                f"figure_dpi must be from 10 to {MAX_DPI:,} (a slide at {MAX_DPI:,} dpi is 16,000 pixels wide), "
                f"got {self.figure_dpi!r}"
            )
        for name in ("crossref_url", "openlibrary_url", "europepmc_url", "openalex_url"):
            if not re.match(r"^https?://[^\s/]", str(getattr(self, name)), re.IGNORECASE):
                raise SettingsError(f"{name} must be an http:// or https:// address, got {getattr(self, name)!r}")
        if not 0 < self.breaker_ratio <= 1:
            raise SettingsError(f"breaker_ratio must be in (0, 1], got {self.breaker_ratio!r}")
        if self.cache_dir is not None and not isinstance(self.cache_dir, Path):
            object.__setattr__(self, "cache_dir", Path(self.cache_dir).expanduser())
        for name in ("mailto", "openalex_key"):
            if getattr(self, name) is not None and not getattr(self, name).strip():
                object.__setattr__(self, name, None)
            elif getattr(self, name) is not None:
                # a trailing line break (``--mailto "$(cat address.txt)"``) is dropped; one inside would
                # end up in a request header, which requests refuses at every look-up, 20 times a service
                value = getattr(self, name).strip()
                if re.search(r"[\s\x00-\x1f\x7f-\x9f]", value):
                    shown = f"got {value!r}" if name == "mailto" else f"{len(value)} characters; the key is not shown"
                    raise SettingsError(f"{name} must be one word, without spaces or line breaks ({shown})")
                if name == "mailto" and not re.fullmatch(r"[^@]{1,200}@[^@]{1,200}", value):
                    # "--mailto me" went to Crossref as the contact address: the polite pool needs one that answers
                    raise SettingsError(f"mailto must be an e-mail address such as you@example.org, got {value[:80]!r}")
                object.__setattr__(self, name, value)
        for name in ("crossref_url", "openlibrary_url", "europepmc_url", "openalex_url"):
            if re.search(r"[\s\x00-\x1f\x7f-\x9f]", str(getattr(self, name)).strip()):
                raise SettingsError(
                    f"{name} must be an address without spaces or line breaks, got {getattr(self, name)!r}"
                )
            # a base address is joined with the service's path: "…/cr?x=1" + "/works/10.1/x" asked for the
            # wrong path, and its 404 said every DOI "is not registered"; a user name and password went
            # into every note and message that shows the address
            base = str(getattr(self, name)).strip()
            host = base.split("://", 1)[-1].split("/", 1)[0]
            if "?" in base or "#" in base or "@" in host:
                shown = re.sub(r"(?<=://)[^/@]*@", "…@", base)
                raise SettingsError(
                    f"{name} must be a base address, without '?', '#' or a user name and password, got {shown!r}"
                )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Settings from keyword arguments, then ``LITMAP_*`` variables of ``environ``, then defaults.

        A keyword argument that is None does not count (so an unset command-line option falls
        through to the environment). A variable litmap cannot read raises :class:`SettingsError`
        naming it.
        """
        environ = os.environ if environ is None else environ
        known = {f.name: f for f in fields(cls)}
        if set(overrides) - set(known):
            cls(**overrides)  # refused by the checked __init__, in one line naming the nearest field
        _warn_near_misses(environ, known)
        values = {}
        for name, spec in known.items():
            if overrides.get(name) is not None:
                values[name] = overrides[name]
            elif ENV_PREFIX + name.upper() in environ:
                values[name] = _parse(ENV_PREFIX + name.upper(), environ[ENV_PREFIX + name.upper()], spec.type)
        return cls(**values)

    def to_env(self) -> dict[str, str | None]:
        """These settings as ``LITMAP_*`` variables, for a process that reads them with :meth:`from_env`.

        A field that is None maps to None (the variable is to be unset), so the other process
        gets exactly these settings: what the notebooks' kernel is handed. Holds the OpenAlex key:
        an environment, never a file.

        >>> env = Settings(mailto="you@example.org", offline=True).to_env()
        >>> env["LITMAP_MAILTO"], env["LITMAP_OFFLINE"], env["LITMAP_CACHE_DIR"]
        ('you@example.org', 'true', None)
        >>> Settings.from_env({k: v for k, v in env.items() if v is not None}) == Settings(mailto="you@example.org", offline=True)
        True
        """
        out: dict[str, str | None] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, tuple):
                value = ",".join(value)
            text = None if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            out[ENV_PREFIX + spec.name.upper()] = text
        return out

    def replace(self, **changes) -> Settings:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    def base_url(self, service: str) -> str:
        """The base URL of ``service`` (the field ``<service>_url``), without a trailing slash."""
        try:
            return str(getattr(self, f"{service}_url")).rstrip("/")
        except AttributeError:
            raise SettingsError(f"no base URL setting for service {service!r} (expected {service}_url)") from None

    def cache_folder(self) -> Path:
        """The cache folder, created on first use (never at import)."""
        folder = self.cache_dir
        if folder is None:
            import platformdirs

            folder = Path(platformdirs.user_cache_dir("litmap"))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:  # a file in the way, no permission, a read-only disk
            raise SettingsError(
                f"the cache folder {folder} cannot be used ({err.strerror or err}); "
                f"set {ENV_PREFIX}CACHE_DIR to a folder litmap may write"
            ) from None
        if not folder.is_dir():
            raise SettingsError(f"the cache folder {folder} is a file; set {ENV_PREFIX}CACHE_DIR to a folder")
        if not os.access(folder, os.W_OK | os.X_OK):  # the cache's own "unable to open database file" said "delete it"
            raise SettingsError(
                f"the cache folder {folder} cannot be used (permission denied); "
                f"set {ENV_PREFIX}CACHE_DIR to a folder litmap may write"
            )
        return folder

    def shows_progress(self) -> bool:
        """Whether to draw progress bars: :attr:`progress` when set, else only in notebooks and terminals."""
        if self.progress is not None:
            return self.progress
        return "ipykernel" in sys.modules or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())

    def describe_max_bytes(self) -> str:
        """``max_bytes`` in words, e.g. '25 MB'."""
        return describe_bytes(self.max_bytes)


# A misspelt keyword (Settings(mailtoo=...)) is refused in litmap's one wording, naming the nearest field.
Settings.__init__ = checked()(Settings.__init__)

#: The check of a public function's ``settings`` argument (:func:`litmap.arguments.checked`).
SETTINGS_ARGUMENT = instance(Settings, "litmap.Settings")

#: What each kind of field takes, by the start of its annotation: the types, and the words for them.
_FIELD_TYPES = {
    "bool": ((bool,), "True or False"),
    "int": ((Integral,), "a whole number"),
    "float": ((Real,), "a number"),
    "str": ((str,), "text"),
    "Path": ((str, os.PathLike), "a path (str or pathlib.Path)"),
}
#: Each field checked for its type: (name, types, whether None is allowed, the words); worked out once.
_TYPED_FIELDS = [
    (spec.name, *_FIELD_TYPES[kind], "None" in str(spec.type))
    for spec in fields(Settings)
    if (kind := str(spec.type).split(" ", 1)[0]) in _FIELD_TYPES
]


def _check_types(settings: Settings) -> None:
    """Refuse a field given as the wrong type (``retries="x"``, ``offline="false"``, ``mailto=5``) in one
    line naming it, before a comparison deep inside fails on it."""
    for name, types, words, nullable in _TYPED_FIELDS:
        value = getattr(settings, name)
        if (value is None and nullable) or (
            isinstance(value, types) and (bool in types or not isinstance(value, bool))
        ):
            continue
        raise ArgumentTypeError(mismatch(name, value, words + (" or None" if nullable else "")))


def describe_bytes(n: int) -> str:
    """A byte count in words a person reads: '25 MB', '1.5 kB', '300 bytes'.

    >>> describe_bytes(25_000_000), describe_bytes(1_500), describe_bytes(300), describe_bytes(2_147_483_648)
    ('25 MB', '1.5 kB', '300 bytes', '2.1 GB')
    """
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _warn_near_misses(environ: Mapping[str, str], known) -> None:
    """Warn about a ``LITMAP_*`` variable that is not a setting but nearly spells one (LITMAP_TIMEOUT,
    LITMAP_MAXBYTES): set by hand, it would otherwise be ignored without a word."""
    import difflib
    import warnings

    names = [ENV_PREFIX + name.upper() for name in known]
    for variable in environ:
        if variable.startswith(ENV_PREFIX) and variable not in names:
            close = difflib.get_close_matches(variable, names, n=1, cutoff=0.8)
            if close:
                warnings.warn(
                    f"{variable} is not a litmap setting: did you mean {close[0]}?", UserWarning, stacklevel=4
                )


def _parse(name: str, text: str, kind) -> object:
    """Read one ``LITMAP_*`` variable as the field's type; a clear error otherwise."""
    kind = str(kind)
    text = text.strip()
    try:
        if kind.startswith("bool"):
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise ValueError
        if kind.startswith("int"):
            return int(text.replace("_", ""))
        if kind.startswith("float"):
            return float(text)
        if kind.startswith("Path"):
            return Path(text).expanduser() if text else None
    except ValueError:
        expected = {"b": "true or false", "i": "a whole number", "f": "a number"}[kind[0]]
        raise SettingsError(f"{name}: expected {expected}, got {text!r}") from None
    return text or None
