"""core.pdf: generated PDFs carry the bundled font, so Spanish letters survive on any server."""

import io

from pypdf import PdfReader

from amparo.core.pdf import html_to_pdf


def test_spanish_text_renders_in_the_bundled_font():
    data = html_to_pdf("<h1>Carta al cliente</h1><p>Señora Núñez: su cita es el miércoles.</p>", uncompressed=True)
    assert b"+Amparo-Sans" in data  # DejaVu Sans from amparo/core/fonts, embedded
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Señora Núñez" in text
    assert "miércoles" in text


def test_bold_text_uses_the_bundled_bold_face():
    data = html_to_pdf("<p><b>Año</b> <i>niño</i></p>", uncompressed=True)
    assert data.count(b"+Amparo-Sans") >= 2  # regular/italic and bold embedded as separate faces
