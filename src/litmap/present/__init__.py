"""Stage 5, present: figures, the slide deck, the Lab explorer, reading lists and their exports (Markdown, HTML,
BibTeX, RIS, CSL-JSON)."""

from __future__ import annotations

from litmap.present.export import (
    write_bibtex,
    write_csl_json,
    write_html,
    write_markdown,
    write_reading_list,
    write_ris,
    write_topic_reading_lists,
)
from litmap.present.figures import (
    FIGURE_FORMATS,
    PRESETS,
    plot_audit_summary,
    plot_evidence_map,
    plot_source_network,
    plot_sources_by_year,
    save_figure,
)
from litmap.present.palette import STATUS_COLORS, style_audit
from litmap.present.reading_list import (
    compute_reading_list,
    compute_topic_reading_lists,
    compute_work_type,
    format_apa,
    to_csl_item,
)
from litmap.present.slides import SLIDES_FILE, write_slides

__all__ = [
    "FIGURE_FORMATS",
    "PRESETS",
    "SLIDES_FILE",
    "STATUS_COLORS",
    "compute_reading_list",
    "compute_topic_reading_lists",
    "compute_work_type",
    "format_apa",
    "plot_audit_summary",
    "plot_evidence_map",
    "plot_source_network",
    "plot_sources_by_year",
    "save_figure",
    "style_audit",
    "to_csl_item",
    "write_bibtex",
    "write_csl_json",
    "write_html",
    "write_markdown",
    "write_reading_list",
    "write_ris",
    "write_slides",
    "write_topic_reading_lists",
]
