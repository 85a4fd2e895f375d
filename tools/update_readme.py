"""Regenerate README.md's table reference from src/litmap/schemas.py: `python tools/update_readme.py`."""

from pathlib import Path

from litmap.schemas import ALL_TABLES, AUDIT_STATUS_MEANINGS, schemas_markdown

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- schemas:start -->", "<!-- schemas:end -->"


STATUSES = "<!-- statuses -->"


def render(text: str) -> str:
    """README text with the generated parts (table reference, audit statuses) brought up to date."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    text = f"{head}{START}\n{schemas_markdown(ALL_TABLES)}{END}{tail}"
    table_head = "| status | meaning |\n|---|---|\n"
    before, after = text.split(table_head, 1)
    _, after = after.split(STATUSES, 1)
    rows = "".join(f"| `{status}` | {meaning} |\n" for status, meaning in AUDIT_STATUS_MEANINGS.items())
    return f"{before}{table_head}{rows}{STATUSES}{after}"


if __name__ == "__main__":
    README.write_text(render(README.read_text()))
