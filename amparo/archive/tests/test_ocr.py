"""Scans become text: read page by page, resumable, with confidence; corrections keep the machine's reading."""

from __future__ import annotations

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from amparo.accounts.roles import Role
from amparo.archive import ocr, scan_set, search, services
from amparo.archive.models import OcrPage, Source, SourceType
from amparo.archive.tests import pdfa
from amparo.archive.tests.ocr_support import require_ocr
from amparo.core.models import AuditEntry, TaskProgress

SHORT_ES = ("Los familiares denunciaron la desaparición de tres catequistas en Aguilares. "
            "La comisión pidió a la Fiscalía que investigue.")


def _two_page_tiff(path):
    """Page 1: Spanish, skewed; page 2: English, low contrast."""
    first = scan_set.render(scan_set.TEXTS["es"], "skewed")
    second = scan_set.render(scan_set.TEXTS["en"], "low-contrast")
    first.save(path, save_all=True, append_images=[second], dpi=(300, 300), compression="tiff_deflate")
    return path


def test_a_multi_page_scan_is_read_page_by_page_resumes_and_meets_the_error_targets(tmp_path):
    require_ocr("reading a two-page TIFF")
    scan = _two_page_tiff(tmp_path / "clipping.tif")
    work = tmp_path / "work"
    assert ocr.page_count(scan) == 2
    # The run stops after the first page: that page is kept, and the next run reads only the second.
    first = next(ocr.recognize(scan, workdir=work, chunk_pages=1))
    assert first.number == 1
    rest = list(ocr.recognize(scan, workdir=work, done={1}, chunk_pages=1))
    assert [p.number for p in rest] == [2]
    spanish, english = first, rest[0]
    assert scan_set.cer(scan_set.TEXTS["es"], spanish.text) < 0.05  # skewed
    assert scan_set.cer(scan_set.TEXTS["en"], english.text) < 0.10  # low contrast
    assert "desaparición" in spanish.text
    assert spanish.confidence is not None and 50 < spanish.confidence <= 100
    # The searchable PDF/A holds both pages' text, without reading them again.
    out = ocr.searchable_pdf(work, tmp_path / "clipping.ocr.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "catequistas" in text and "catechists" in text
    assert b"pdfaid:part" in out.read_bytes()
    # PDF/A-2b as far as the file's structure shows (veraPDF cannot be installed here: tests/pdfa.py).
    assert pdfa.problems(out) == []


def test_pages_upside_down_or_sideways_are_turned_and_read(tmp_path):
    require_ocr("turning pages by their text's orientation")
    upside_down = scan_set.render(scan_set.TEXTS["es"], "clean").rotate(180)
    sideways = scan_set.render(scan_set.TEXTS["en"], "clean").rotate(90, expand=True)
    scan = tmp_path / "turned.tif"
    upside_down.save(scan, save_all=True, append_images=[sideways], dpi=(300, 300), compression="tiff_deflate")
    work = tmp_path / "work"
    spanish, english = ocr.recognize(scan, workdir=work, chunk_pages=2)
    assert scan_set.cer(scan_set.TEXTS["es"], spanish.text) < 0.05
    assert scan_set.cer(scan_set.TEXTS["en"], english.text) < 0.05
    assert spanish.confidence is not None and spanish.confidence > ocr.TURN_BELOW
    # The searchable PDF keeps the turned pages (their text layer reads the right way up).
    out = ocr.searchable_pdf(work, tmp_path / "turned.ocr.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "catequistas" in text and "catechists" in text
    assert pdfa.problems(out) == []


def test_manage_py_ocr_prints_the_text_of_an_image(tmp_path, capsys):
    require_ocr("manage.py ocr")
    image = scan_set.save(scan_set.render(SHORT_ES, "clean", size_pt=12), tmp_path / "recorte.png")
    call_command("ocr", str(image), "--lang", "spa+eng")
    out = capsys.readouterr()
    assert "desaparición de tres" in out.out and "catequistas" in out.out
    assert "page 1 (confidence" in out.err


def test_an_uploaded_scan_is_read_in_the_background_and_found_with_or_without_accents(
        make_user, settings, django_capture_on_commit_callbacks):
    require_ocr("reading an uploaded scan")
    archivist = make_user(Role.ARCHIVIST)
    image = scan_set.render(SHORT_ES, "clean", size_pt=12)
    upload = SimpleUploadedFile("recorte.png", _png_bytes(image), content_type="image/png")
    kind, _ = SourceType.objects.get_or_create(code="clipping", defaults={"name_en": "Clipping", "name_es": "Recorte"})
    with django_capture_on_commit_callbacks(execute=True):
        source = services.source_save(by=archivist, data={
            "identifier": "SCAN-1", "source_type": kind, "title": "Recorte", "language": "es", "access": "staff",
            "file": upload})
    source.refresh_from_db()
    progress = TaskProgress.objects.get(kind="archive.ocr")
    assert progress.status == TaskProgress.Status.SUCCEEDED and progress.done == progress.total == 1
    assert source.ocr_status == "done" and source.text_from_ocr
    assert source.ocr_file.name.endswith(".ocr.pdf")
    assert (settings.MEDIA_ROOT / source.ocr_file.name).exists()
    for word in ("desaparición", "desaparicion", "DESAPARICION", "catequistas"):
        hits = search.search(word, levels=("public", "staff"))
        assert [h.identifier for h in hits.hits] == ["SCAN-1"], word
    assert AuditEntry.objects.filter(action="archive.ocr.done", object_id=str(source.pk)).exists()


def _png_bytes(image: Image.Image) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(300, 300))
    return buffer.getvalue()


def _read_source(archivist, text="Masacre en El Mozote, segun los testgos."):
    kind, _ = SourceType.objects.get_or_create(code="clipping", defaults={"name_en": "Clipping", "name_es": "Recorte"})
    source = services.source_save(by=archivist, data={"identifier": "SCAN-2", "source_type": kind,
                                                      "title": "Recorte", "language": "es", "access": "staff"})
    services.ocr_page_read(source=source, page=ocr.PageText(1, text, 71.5))
    return services.ocr_finish(by=None, source=source)


def test_a_correction_is_kept_with_its_author_and_the_machine_reading_stays(make_user):
    archivist = make_user(Role.ARCHIVIST)
    source = _read_source(archivist)
    assert search.search("testigos", levels=("staff",)).total == 0
    page = OcrPage.objects.get(source=source)
    services.ocr_page_correct(by=archivist, page=page, text="Masacre en El Mozote, según los testigos.")
    page.refresh_from_db()
    assert page.text == "Masacre en El Mozote, segun los testgos."  # the machine's reading
    assert page.corrected_by == archivist and page.corrected_at is not None
    assert Source.objects.get(pk=source.pk).text == "Masacre en El Mozote, según los testigos."
    assert search.search("testigos", levels=("staff",)).total == 1
    entry = AuditEntry.objects.get(action="archive.ocr.correct")
    assert entry.actor == archivist


def test_pages_and_correction_pages_in_the_browserless_client(make_user, client):
    from amparo.core.testing import sign_in

    archivist = make_user(Role.ARCHIVIST)
    source = _read_source(archivist)
    sign_in(client, archivist)
    page = client.get(f"/archive/sources/{source.pk}/").content.decode()
    assert "Machine-read text (OCR)" in page
    listing = client.get(f"/archive/sources/{source.pk}/pages/").content.decode()
    assert "72" in listing  # the confidence, rounded
    response = client.post(f"/archive/sources/{source.pk}/pages/1/", {"text": "Según los testigos."})
    assert response.status_code == 302
    assert OcrPage.objects.get().corrected_text == "Según los testigos."
    volunteer = make_user(Role.VOLUNTEER)
    from django.test import Client

    other = sign_in(Client(), volunteer)
    assert other.post(f"/archive/sources/{source.pk}/pages/1/", {"text": "x"}).status_code in (403, 404)


def test_a_missing_engine_is_named_with_what_to_install(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(ocr.OcrUnavailable, match="apt-get install tesseract-ocr tesseract-ocr-spa"):
        ocr.check_engine()


def test_page_confidence_is_the_mean_word_confidence_weighted_by_length():
    pytest.importorskip("ocrmypdf")
    from amparo.archive.ocr_plugin import hocr_confidence

    hocr = ("<span class='ocrx_word' id='w1' title='bbox 1 2 3 4; x_wconf 90'>masacre</span>"
            "<span class='ocrx_word' id='w2' title='bbox 1 2 3 4; x_wconf 30'>en</span>"
            "<span class='ocrx_word' id='w3' title='bbox 1 2 3 4; x_wconf 50'><strong>  </strong></span>")
    assert hocr_confidence(hocr) == round((90 * 7 + 30 * 2) / 9, 1)
    assert hocr_confidence("<div class='ocr_page'></div>") is None
