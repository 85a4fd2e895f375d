"""Regenerate the documentation's generated parts from src/litmap/schemas.py: `python tools/update_docs.py`.

``docs/tables.md`` holds the reference of every table litmap writes, and ``docs/audit.md`` the
meaning of each audit verdict, each between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``
markers; everything outside the markers is written by hand. ``tests/test_docs.py`` fails until the
pages match the schemas.
"""

import re
from pathlib import Path

from litmap.schemas import ALL_TABLES, AUDIT_STATUS_MEANINGS, schemas_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def tables_markdown() -> str:
    """Every table's columns, types and meanings; each table a section of the page (``##``)."""
    return re.sub(r"^#+ ", "## ", schemas_markdown(ALL_TABLES), flags=re.MULTILINE)


def statuses_markdown() -> str:
    """The audit verdicts and what each means."""
    rows = "".join(f"| `{status}` | {meaning} |\n" for status, meaning in AUDIT_STATUS_MEANINGS.items())
    return f"| status | meaning |\n|---|---|\n{rows}"


#: page -> (marker name, the generated text between its markers)
GENERATED = {"tables.md": ("schemas", tables_markdown), "audit.md": ("statuses", statuses_markdown)}


def render(page: str, text: str) -> str:
    """``text`` of ``docs/<page>`` with its generated part brought up to date."""
    name, generate = GENERATED[page]
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"docs/{page}: the markers {start} and {end} are missing")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    # Blank lines around the generated part: Markdown reads a comment line followed by text as one HTML block.
    return f"{head}{start}\n\n{generate()}\n{end}{tail}"


def main() -> None:
    for page in GENERATED:
        path = DOCS / page
        text = path.read_text(encoding="utf-8")
        updated = render(page, text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"updated {path}")


if __name__ == "__main__":
    main()
