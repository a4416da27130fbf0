"""A scanned Spanish clipping, uploaded in the browser, is read by OCR and found by a word only in the scan."""

import re

from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from amparo.archive import scan_set
from amparo.archive.models import SourceType
from amparo.archive.tests.ocr_support import require_ocr
from amparo.core.testing import fresh_code

from .conftest import screenshot

CLIPPING = ("San Miguel, 3 de marzo. Las madres del comité denunciaron ante la Fiscalía la desaparición "
            "de dos catequistas de la parroquia. Pidieron que se investigue la patrulla que los detuvo.")


def test_an_uploaded_scan_is_read_and_found_with_and_without_its_accent(live_server, page, tmp_path):
    require_ocr("the browser test of reading an uploaded scan")
    SourceType.objects.get_or_create(code="clipping", defaults={"name_en": "News clipping",
                                                                 "name_es": "Recorte de prensa"})
    scan = scan_set.save(scan_set.render(CLIPPING, "skewed", size_pt=12), tmp_path / "recorte-san-miguel.png")
    archivist = UserFactory(role=Role.ARCHIVIST, email="ana@amparo.test", full_name="Ana Archivista")
    device = TOTPDeviceFactory(user=archivist)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("ana@amparo.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=otp_token], input[autocomplete=one-time-code]").first.fill(fresh_code(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()

    page.goto(f"{live_server.url}/archive/source/new/")
    page.get_by_label("Identifier").fill("RECORTE-0042")
    page.get_by_label("Source type").select_option(label="News clipping")
    page.get_by_label("Title").fill("Recorte escaneado, San Miguel")
    page.get_by_label("Language").select_option("es")
    page.get_by_label("File (a scan, photograph or PDF)").set_input_files(str(scan))
    page.get_by_role("button", name="Save").click(timeout=240_000)  # the reading may run before the answer

    # Wait for the task: the source page says when the scan has been read.
    status = page.locator("dt", has_text="Reading of the scan").locator("xpath=following-sibling::dd[1]")
    for _attempt in range(60):
        if status.inner_text().split("·")[0].strip() == "read":
            break
        page.wait_for_timeout(3000)
        page.reload()
    expect(status).to_contain_text("read")
    expect(page.get_by_text("Machine-read text (OCR): it may contain errors.")).to_be_visible()
    expect(page.locator(".source-text")).to_contain_text("catequistas")
    screenshot(page, "archive-ocr-source-en")

    for word in ("desaparición", "desaparicion"):  # the word is only in the scan, not in the title
        page.goto(f"{live_server.url}/archive/")
        page.get_by_label("Words to look for").fill(word)
        page.get_by_role("button", name="Search", exact=True).last.click()
        expect(page.get_by_text("1 record found")).to_be_visible()
        expect(page.get_by_role("link", name="Recorte escaneado, San Miguel")).to_be_visible()
    screenshot(page, "archive-ocr-search-en")

    page.goto(f"{live_server.url}/archive/")
    page.get_by_role("button", name="Español").click()
    page.get_by_label(re.compile("Palabras")).fill("desaparicion")
    page.get_by_role("button", name="Buscar", exact=True).last.click()
    expect(page.get_by_text("1 registro encontrado")).to_be_visible()
    page.get_by_role("link", name="Recorte escaneado, San Miguel").click()
    page.get_by_role("link", name="Páginas, confianza y correcciones").click()
    expect(page.get_by_role("heading", name="Páginas leídas del escaneo")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "archive-ocr-pages-es-phone")
    page.get_by_role("link", name="Página 1").click()
    page.get_by_label("Texto corregido").fill(CLIPPING)
    page.get_by_role("button", name="Guardar la corrección").click()
    expect(page.get_by_text("Corrección guardada. El texto que leyó la máquina se conserva.")).to_be_visible()
    expect(page.locator("table")).to_contain_text("por Ana Archivista")
    screenshot(page, "archive-ocr-corrected-es-phone")
