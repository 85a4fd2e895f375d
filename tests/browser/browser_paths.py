"""Paths shared by the browser tests and their fixtures (a module, so test files can import it)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# LITMAP_BROWSER_NOTEBOOKS points the suite at another folder of notebooks (used while developing it).
NOTEBOOK_DIR = Path(os.environ.get("LITMAP_BROWSER_NOTEBOOKS", REPO / "notebooks"))
SCREENSHOT_DIR = REPO / "outputs" / "screenshots"
# A second article (CC BY, tests/data/README.md) that the Lab tests also run these notebooks on,
# changed in their parameters cell as a person would.
SECOND_ARTICLE = REPO / "tests" / "data" / "plos-pbio-1001289.txt"
SECOND_ARTICLE_NOTEBOOKS = ("03_evidence_graph.ipynb",)
SECOND_ARTICLE_FOLDER = "second-article"
