"""A scan set made on the spot, to measure how well OCR reads: pages of known text in Spanish and
English, rendered as images the way a scanner would give them (clean, skewed, low-contrast, in
two columns), and the character error rate of what OCR reads back.

Nothing here is random and nothing is downloaded: the same call makes the same pixels, so the
figures can be compared from one run to the next (``python -m bench archive-ocr``, and the
thresholds asserted by ``tests/test_ocr.py``).

The character error rate (CER) is the edit distance between the text on the page and the text
read, over the length of the text on the page; runs of white space count as one space, and
case and accents count (reading "nación" as "nacion" is an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = Path(__file__).resolve().parents[1] / "core" / "fonts" / "DejaVuSans.ttf"
DPI = 300
VARIANTS = ("clean", "skewed", "low-contrast", "two-columns")

TEXTS = {
    "es": (
        "San Salvador, 18 de noviembre. Familiares de las víctimas pidieron ayer a la Fiscalía que "
        "investigue la desaparición de tres catequistas detenidos en Aguilares por una patrulla del "
        "ejército. Según los testigos, los jóvenes fueron llevados a la comandancia local y nunca "
        "regresaron a sus casas. La oficina de tutela legal del arzobispado recogió once declaraciones "
        "juradas y las entregó al juez de primera instancia, quien ordenó la inspección del cuartel. "
        "El comandante negó que hubiera capturas en esa fecha. Las madres del comité mostraron "
        "fotografías, cédulas y cartas escritas a mano, y exigieron que se publiquen los nombres de "
        "los oficiales de turno. «No descansaremos hasta saber la verdad», dijo una de ellas."
    ),
    "en": (
        "San Salvador, November 18. Relatives of the victims asked the Attorney General yesterday to "
        "investigate the disappearance of three catechists detained in Aguilares by an army patrol. "
        "According to witnesses, the young men were taken to the local command post and never "
        "returned home. The legal aid office of the archdiocese gathered eleven sworn statements and "
        "handed them to the trial judge, who ordered an inspection of the barracks. The commander "
        "denied that any arrests were made on that date. Mothers from the committee showed "
        "photographs, identity cards and handwritten letters, and demanded that the names of the "
        "officers on duty be made public. \"We will not rest until we know the truth,\" one of them said."
    ),
}


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def render(text: str, variant: str = "clean", *, width_in: float = 6.0, size_pt: float = 11.0) -> Image.Image:
    """``text`` as a grey-scale scan at 300 dpi, in one of ``VARIANTS``."""
    font = ImageFont.truetype(str(FONT), round(size_pt * DPI / 72))
    margin = DPI // 2
    width = round(width_in * DPI)
    columns = 2 if variant == "two-columns" else 1
    gutter = DPI // 3
    column_width = (width - 2 * margin - (columns - 1) * gutter) // columns
    measure = ImageDraw.Draw(Image.new("L", (10, 10)))
    lines = _wrap(measure, text, font, column_width)
    per_column = -(-len(lines) // columns)
    leading = round(font.size * 1.45)
    height = 2 * margin + per_column * leading
    background, ink = (200, 95) if variant == "low-contrast" else (255, 0)
    image = Image.new("L", (width, height), background)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        column, row = divmod(index, per_column)
        draw.text((margin + column * (column_width + gutter), margin + row * leading), line, font=font, fill=ink)
    if variant == "low-contrast":
        image = image.filter(ImageFilter.GaussianBlur(1.2))
    if variant == "skewed":
        image = image.rotate(3.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    image.info["dpi"] = (DPI, DPI)
    return image


def save(image: Image.Image, path: Path | str) -> Path:
    path = Path(path)
    image.save(path, dpi=(DPI, DPI))
    return path


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def cer(expected: str, read: str) -> float:
    """Character error rate of ``read`` against ``expected`` (0.0 is perfect)."""
    from rapidfuzz.distance import Levenshtein

    reference = _normal(expected)
    return Levenshtein.distance(reference, _normal(read)) / max(1, len(reference))


@dataclass(frozen=True)
class Measure:
    language: str
    variant: str
    cer: float
    confidence: float | None
    seconds: float


def measure(folder: Path | str, *, languages: tuple[str, ...] = ("es", "en"),
            variants: tuple[str, ...] = VARIANTS, ocr_languages: str = "spa+eng") -> list[Measure]:
    """Render each (language, variant) page into ``folder``, read it back, and measure the CER."""
    import time

    from .ocr import read_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    found = []
    for language in languages:
        for variant in variants:
            path = save(render(TEXTS[language], variant), folder / f"{language}-{variant}.png")
            began = time.perf_counter()
            pages = read_file(path, languages=ocr_languages)
            took = time.perf_counter() - began
            found.append(Measure(language, variant, cer(TEXTS[language], "\n".join(p.text for p in pages)),
                                 pages[0].confidence if pages else None, took))
    return found
