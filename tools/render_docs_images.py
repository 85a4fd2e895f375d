"""Redraw the pictures of the figures and the slide deck that README and docs/ show, from the bundled article.

Runs ``litmap run data/articles/empathy-in-therapy.txt --offline --snapshot … --slides`` into a
temporary folder, copies the four figures (1920 × 1080 PNG, as litmap writes them) to
``docs/figures/`` and the evidence map to ``docs/evidence-map.png``, then renders the deck with
LibreOffice Impress (PDF, then one PNG per slide at 960 × 540) into ``docs/slides/``, lays the
slides out two by two in ``docs/slides.png`` and four of them in ``docs/slides-preview.png`` (README).

    .venv/bin/python tools/render_docs_images.py

Needs LibreOffice (``soffice``; ``make office`` installs Debian's). The figures carry the day they
were drawn in their subtitle, so a rerun on another day changes them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"


def _save(image, path: Path) -> None:
    """A PNG of at most 256 colours: text and flat colours stay sharp, the file a fraction of the size."""
    from PIL import Image

    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


def main() -> None:
    import pypdfium2
    from PIL import Image

    import litmap

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("render_docs_images: LibreOffice (soffice) is missing; `make office` installs it")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        litmap.run(
            REPO / "data" / "articles" / "empathy-in-therapy.txt",
            out_dir=out,
            settings=litmap.Settings(offline=True, progress=False, figure_formats=("png",), figure_dpi=144),
            snapshot=REPO / "data" / "snapshots" / "empathy-in-therapy.json",
            slides=True,
        )
        (DOCS / "figures").mkdir(exist_ok=True)
        for png in sorted((out / "figures").glob("*.png")):
            shutil.copyfile(png, DOCS / "figures" / png.name)
        shutil.copyfile(out / "figures" / "evidence-map.png", DOCS / "evidence-map.png")
        profile = Path(tmp) / "profile"
        command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
        subprocess.run([*command, "--outdir", tmp, str(out / "evidence.pptx")], check=True, capture_output=True)
        pdf = pypdfium2.PdfDocument(Path(tmp) / "evidence.pdf")
        slides = DOCS / "slides"
        shutil.rmtree(slides, ignore_errors=True)
        slides.mkdir()
        images = []
        for number, page in enumerate(pdf, 1):
            image = page.render(scale=1).to_pil().convert("RGB").resize((960, 540), Image.LANCZOS)
            _save(image, slides / f"slide-{number:02d}.png")
            images.append(image)
        sheet = Image.new("RGB", (2 * 480 + 30, ((len(images) + 1) // 2) * 285 + 15), "#DDDDDD")
        for i, image in enumerate(images):
            sheet.paste(image.resize((480, 270), Image.LANCZOS), (10 + (i % 2) * 490, 10 + (i // 2) * 285))
        _save(sheet, DOCS / "slides.png")
        # README's glimpse: the title, the map, the first topic and the references that need attention.
        titles = [page.get_textpage().get_text_range()[:60] for page in pdf]
        chosen = [0, 1, 2, next(i for i, t in enumerate(titles) if t.startswith("References that need attention"))]
        preview = Image.new("RGB", (2 * 480 + 30, 2 * 285 + 15), "#DDDDDD")
        for k, i in enumerate(chosen):
            preview.paste(images[i].resize((480, 270), Image.LANCZOS), (10 + (k % 2) * 490, 10 + (k // 2) * 285))
        _save(preview, DOCS / "slides-preview.png")
    print(f"wrote docs/figures/, docs/evidence-map.png, {len(images)} slides in docs/slides/, docs/slides*.png")


if __name__ == "__main__":
    main()
