"""Regenerate README.md's table reference from src/litmap/schemas.py: `python tools/update_readme.py`."""

from pathlib import Path

from litmap.schemas import schemas_markdown

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- schemas:start -->", "<!-- schemas:end -->"


def render(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{schemas_markdown()}{END}{tail}"


if __name__ == "__main__":
    README.write_text(render(README.read_text()))
