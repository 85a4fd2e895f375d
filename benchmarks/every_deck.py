"""Benchmark: the figures and the deck of every real article, measured as a presenter would look at them.

Every article of ``../shared/corpus`` (22, HTML) and ``../shared/corpus-pdf`` (16 PDFs) and the bundled
one (with its snapshot) goes through what ``litmap run`` writes after the audit (figures as PNG and
SVG, the deck) twice: offline (every reference unchecked) and with a **synthetic mixed audit** (verdicts
given in turn, not looked up: a quarter discrepant with one to three differences in words, one of each
nine not found, one of each thirteen retracted; the rest verified), which fills the deck's table of
references needing attention with long reasons. Then, by measurement:

* each SVG's text (``tests/svg_text.py``, text as text, measured with the font's own advances): lines
  over another line, text outside the page, type under 14 pt, footnotes and '+ N more claims' entries
  cut at '…';
* each deck, read back with python-pptx: shapes outside the slide, type under 14 pt, text or cells
  taller than their box (measured in the deck's font), tables running into the bottom margin, slides
  nearly empty, the topic slides' '+ N more sources' row coloured, a claim whose cited sources are cut,
  a claim that still shows numbered citations ('[1]–[4]');
* with ``--render`` (needs LibreOffice's ``soffice``), each deck drawn by LibreOffice into a PDF, its
  characters' boxes read back (pypdfium2): characters outside the page, within 0.15 in of its bottom
  edge, or over other characters.

    .venv/bin/python benchmarks/every_deck.py [--out DIR] [--render] [--shared ../shared] [--workers 2]
        [--only bundled pmed-1001473 nat2]   # a quick subset, by part of the name

Outputs and a report.json stay in ``--out`` (a new temporary folder by default).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import re
import subprocess
import sys
import tempfile
import traceback
from collections import Counter, defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the SVG text measure the figure tests use
EMU = 914400


def articles(shared: Path) -> list[tuple[str, Path]]:
    items = [("bundled", REPO / "data" / "articles" / "empathy-in-therapy.txt")]
    items += [(p.parent.name, p) for p in sorted((shared / "corpus").glob("*/article.html"))]
    items += [(p.stem, p) for p in sorted((shared / "corpus-pdf").glob("*.pdf"))]
    return items


def mixed(audit, references):
    """Verdicts in turn: a quarter discrepant (1-3 differences in words), some not found, a few retracted."""
    import pandas as pd

    audit = audit.copy()
    refs = references.set_index("ref_id")
    statuses, discrepancies, notices, notes = [], [], [], []
    for i, ref_id in enumerate(audit["ref_id"]):
        title = str(refs.loc[ref_id, "title"]) if ref_id in refs.index and pd.notna(refs.loc[ref_id, "title"]) else ""
        if i % 4 == 0:
            d = ["year: cited 2001, record 2003"]
            if i % 8 == 0:
                d.append(f'title: cited "{title}", record "{title[: len(title) // 2]} and a changed end"')
            if i % 12 == 0:
                d.append('authors: cited "Voss E" (2nd), not in the record')
            statuses.append("discrepant"), discrepancies.append(d), notices.append([]), notes.append(pd.NA)
        elif i % 9 == 2:
            statuses.append("not_found"), discrepancies.append([]), notices.append([])
            notes.append("no record in Crossref, Open Library or Europe PMC matched the entry (3 searches)")
        elif i % 13 == 3:
            statuses.append("retracted"), discrepancies.append([])
            notices.append(
                ["Retraction Notice (Crossref, 2015-04-01: the publisher retracted it for data fabrication)"]
            )
            notes.append(pd.NA)
        else:
            statuses.append("verified"), discrepancies.append([]), notices.append([]), notes.append(pd.NA)
    audit["status"] = pd.Series(statuses, index=audit.index, dtype=audit["status"].dtype)
    audit["discrepancies"] = discrepancies
    audit["notices"] = notices
    audit["note"] = pd.Series(notes, index=audit.index, dtype="string")
    return audit


def produce(job) -> tuple[str, dict]:
    """Write one article's figures and deck, offline and with the mixed audit, into ``out/MODE/NAME``."""
    (name, path), out = job
    import litmap
    from litmap.pipeline.outputs import write_run_outputs

    results = {}
    for mode in ("offline", "mixed"):
        folder = out / mode / name
        try:
            settings = litmap.Settings(offline=True, progress=False, cache_dir=out / "cache" / name)
            snapshot = REPO / "data" / "snapshots" / "empathy-in-therapy.json" if name == "bundled" else None
            loaded = litmap.load_article(path, settings=settings)
            audited = litmap.audit_references(loaded.references, settings=settings, snapshot=snapshot)
            if mode == "mixed":
                audited = dataclasses.replace(audited, audit=mixed(audited.audit, loaded.references))
            taxonomy = litmap.discover_topics(loaded.claims, title=loaded.article.title)
            settings = dataclasses.replace(settings, figure_formats=("png", "svg"))
            write_run_outputs(loaded, audited, folder, topic_set=taxonomy, settings=settings)
            results[mode] = "ok"
        except Exception:  # a benchmark reports and goes on
            results[mode] = traceback.format_exc()[-1500:]
    return name, results


def svg_checks(path):
    from svg_text import overlapping, page_size, text_boxes

    try:
        boxes = text_boxes(path)
    except ValueError as err:
        return {"error": str(err)}
    w, h = page_size(path)
    out = [b.text for b in boxes if b.box[0] < -0.5 or b.box[1] < -0.5 or b.box[2] > w + 0.5 or b.box[3] > h + 0.5]
    small = [(b.text, b.size) for b in boxes if b.size < 13.95]
    return {
        "overlaps": overlapping(boxes),
        "outside": out,
        "small": small,
        "cut": [b.text for b in boxes if b.text.rstrip().endswith("…")],
        "footnote cut": [b.text for b in boxes if b.text.rstrip().endswith("…") and b.box[3] > h - 40],
        "more claims cut": [b.text for b in boxes if b.text.startswith("more claims") and b.text.endswith("…")],
        "size": (w, h),
        "n": len(boxes),
    }


def deck_checks(path):
    from pptx import Presentation
    from pptx.util import Emu

    from litmap.present.slide_layout import SLIDE_LEADING, deck_measure

    measure = deck_measure()
    deck = Presentation(path)
    W, H = deck.slide_width, deck.slide_height
    issues = defaultdict(list)
    slides = []
    for i, slide in enumerate(deck.slides, 1):
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        chars = 0
        kinds = Counter()
        for shape in slide.shapes:
            x, t, w, h = shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0
            if x < 0 or t < 0 or x + w > W + 10 or t + h > H + 10:
                issues["shape outside slide"].append((i, title, shape.shape_type, shape.name))
            if shape.has_text_frame:
                kinds["text"] += 1
                frame = shape.text_frame
                need = 0.1
                last_after = 0.0
                for p in frame.paragraphs:
                    sizes = [r.font.size.pt for r in p.runs if r.font.size is not None]
                    if not p.text.strip():
                        continue
                    size = min(sizes) if sizes else 18
                    if size < 13.95:
                        issues["text < 14 pt"].append((i, title, p.text[:60], size))
                    bold = any(r.font.bold for r in p.runs)
                    lines = measure.lines(p.text, w / EMU, size, bold=bold)
                    last_after = p.space_after.pt / 72 if p.space_after else 0
                    need += len(lines) * size * SLIDE_LEADING / 72 + last_after
                    chars += len(p.text)
                need -= last_after
                if need > h / EMU + 0.05 and shape != slide.shapes.title:
                    issues["text taller than its box"].append((i, title, round(need, 2), round(h / EMU, 2)))
                if shape == slide.shapes.title and need > h / EMU + 0.05:
                    issues["title taller than its box"].append((i, title[:80], round(need, 2), round(h / EMU, 2)))
            if shape.has_table:
                kinds["table"] += 1
                table = shape.table
                bottom = t + sum(r.height for r in table.rows)
                if bottom > H - Emu(int(0.3 * EMU)):
                    issues["table below slide margin"].append((i, title, round(bottom / EMU, 2)))
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        text = cell.text_frame.text
                        chars += len(text)
                        if not text.strip():
                            continue
                        sizes = [
                            run.font.size.pt for p in cell.text_frame.paragraphs for run in p.runs if run.font.size
                        ]
                        size = min(sizes) if sizes else 18
                        if size < 13.95:
                            issues["text < 14 pt"].append((i, title, text[:40], size))
                        lines = [  # each paragraph of the cell (a reason a line) wraps on its own
                            line
                            for paragraph in text.split("\n")
                            for line in measure.lines(paragraph, table.columns[c].width / EMU, size, bold=r == 0)
                        ]
                        if len(lines) * size * SLIDE_LEADING / 72 + 0.08 > row.height / EMU + 0.02:
                            issues["cell taller than its row"].append((i, title, text[:50]))
            if shape.shape_type == 13:
                kinds["picture"] += 1
        for shape in slide.shapes:
            if shape.has_table and shape.table.rows[0].cells[0].text == "Source":  # a topic slide
                last = list(shape.table.rows)[-1]
                coloured = len(last.cells) > 1 and last.cells[1].fill.type is not None
                if last.cells[0].text.startswith("+ ") and coloured:
                    issues["'+ more sources' row coloured"].append((i, title))
                for shape2 in slide.shapes:
                    if shape2.has_text_frame:
                        for p in shape2.text_frame.paragraphs:
                            if re.match(r"C\d+ · ", p.text):
                                issues["topic claims"].append(1)
                                if "[" in p.text and ("…" in p.text[p.text.rindex("[") :] or not p.text.endswith("]")):
                                    issues["claim's sources cut"].append((i, p.text[-60:]))
                                if re.search(r"\[\d+(?:[-–,]\s*\d+)*\]", p.text):
                                    issues["claim shows [n] citations"].append((i, p.text[:60]))
        slides.append({"title": title, "chars": chars, "kinds": dict(kinds)})
        if not kinds.get("picture") and not kinds.get("table") and chars < 80:
            issues["near-empty slide"].append((i, title, chars))
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if not notes.strip():
            issues["no notes"].append((i, title))
    return {"slides": slides, "issues": dict(issues)}


def render_checks(pptx, workdir):
    """The deck drawn by LibreOffice into a PDF: chars outside the page, chars over other chars."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = workdir / (pptx.stem + ".pdf")
    if not pdf.exists():
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(pptx)],
            capture_output=True,
            timeout=240,
        )
    if not pdf.exists():
        return {"error": "no pdf"}
    doc = pdfium.PdfDocument(str(pdf))
    out = {"pages": len(doc), "outside": [], "overlap": [], "bottom": []}
    for n in range(len(doc)):
        page = doc[n]
        pw, ph = page.get_size()
        text = page.get_textpage()
        count = text.count_chars()
        boxes, chars = [], []
        for k in range(count):
            ch = text.get_text_range(k, 1)
            if not ch.strip():
                continue
            boxes.append((*text.get_charbox(k), k))
            chars.append(ch)
        if not boxes:
            continue
        arr = np.array(boxes)
        outside = (arr[:, 0] < -1) | (arr[:, 2] > pw + 1) | (arr[:, 1] < -1) | (arr[:, 3] > ph + 1)
        if outside.any():
            out["outside"].append((n + 1, int(outside.sum()), "".join(c for c, o in zip(chars, outside) if o)[:80]))
        low = arr[:, 1] < 0.15 * 72  # within 0.15 in of the bottom edge
        if low.any():
            out["bottom"].append((n + 1, int(low.sum()), "".join(c for c, o in zip(chars, low) if o)[:60]))
        # overlaps: boxes shrunk by 20 %, chars not neighbours in the text order
        x0, b, r, t = arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3]
        dx, dy = (r - x0) * 0.2, (t - b) * 0.2
        L, R, B, T = x0 + dx, r - dx, b + dy, t - dy
        ox = (L[:, None] < R[None, :]) & (L[None, :] < R[:, None])
        oy = (B[:, None] < T[None, :]) & (B[None, :] < T[:, None])
        idx = arr[:, 4]
        far = np.abs(idx[:, None] - idx[None, :]) > 1
        hit = np.triu(ox & oy & far, 1)
        if hit.any():
            i, j = np.argwhere(hit)[0]
            out["overlap"].append((n + 1, int(hit.sum()), chars[i] + "/" + chars[j]))
    return out


def check(out: Path, render: bool) -> dict:
    report = {}
    for mode_dir in sorted(p for p in out.iterdir() if p.is_dir() and p.name in ("offline", "mixed")):
        for art in sorted(p for p in mode_dir.iterdir() if p.is_dir()):
            entry = {"svg": {}}
            for svg in sorted((art / "figures").rglob("*.svg")):
                entry["svg"][str(svg.relative_to(art / "figures"))] = svg_checks(svg)
            deck = art / "evidence.pptx"
            if deck.exists():
                entry["deck"] = deck_checks(deck)
                if render:
                    entry["render"] = render_checks(deck, art)
            report[f"{mode_dir.name}/{art.name}"] = entry
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--render", action="store_true", help="draw each deck with LibreOffice and check it")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="a quick subset: articles whose name holds one of these"
    )
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="litmap-every-deck-"))
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(item, out) for item in articles(args.shared) if not args.only or any(k in item[0] for k in args.only)]
    print(f"{len(jobs)} articles into {out}")
    with multiprocessing.Pool(args.workers) as pool:
        for name, results in pool.imap_unordered(produce, jobs):
            failed = {mode: text for mode, text in results.items() if text != "ok"}
            if failed:
                print(f"   {name}: {failed}")
    report = check(out, args.render)
    (out / "report.json").write_text(json.dumps(report, indent=1, default=str))
    summarise(report)


def summarise(report):
    by_mode = defaultdict(Counter)
    for key, entry in report.items():
        mode = key.split("/")[0]
        c = by_mode[mode]
        c["articles"] += 1
        any_overlap = False
        for name, s in entry["svg"].items():
            if "error" in s:
                c["svg errors"] += 1
                continue
            fig = name.split("/")[-1].removesuffix(".svg")
            fig = "by-topic" if "by-topic" in name else fig
            c[f"svg {fig}"] += 1
            if s["overlaps"]:
                c[f"svg {fig} with overlap"] += 1
                c["overlap pairs"] += len(s["overlaps"])
                any_overlap = True
            if s["outside"]:
                c[f"svg {fig} text outside"] += 1
            if s["small"]:
                c[f"svg {fig} text < 14"] += 1
            c["svg cut labels"] += len(s["cut"])
            c[f"svg {fig} footnote cut"] += bool(s.get("footnote cut"))
            c[f"svg {fig} '+N more claims' cut"] += bool(s.get("more claims cut"))
            if s["size"] != (960.0, 540.0):
                c["svg not slide size"] += 1
        c["articles with any svg overlap"] += any_overlap
        deck = entry.get("deck")
        if deck:
            c["slides"] += len(deck["slides"])
            for issue, items in deck["issues"].items():
                c[f"deck: {issue}"] += len(items)
                c[f"decks with: {issue}"] += 1
        r = entry.get("render")
        if r and "error" not in r:
            c["rendered pages"] += r["pages"]
            for k in ("outside", "overlap", "bottom"):
                c[f"render: pages with chars {k}"] += len(r[k])
                c[f"render: decks with chars {k}"] += bool(r[k])
    for mode, c in by_mode.items():
        print(f"== {mode}")
        for k in sorted(c):
            print(f"   {k}: {c[k]}")


if __name__ == "__main__":
    main()
