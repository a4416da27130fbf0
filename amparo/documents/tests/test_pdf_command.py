"""``manage.py fill_pdf``: fill from JSON, list fields, report every problem, write nothing on error."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from amparo.documents.pdf import inspect_form

from .pdf_fixtures import damaged, encrypted, fillable_form, pdftotext, xfa_only_form


@pytest.fixture
def form(tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(fillable_form())
    return path


def values_file(tmp_path, values) -> str:
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("fill_pdf", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_fills_from_json(form, tmp_path):
    out_path = tmp_path / "filled.pdf"
    values = values_file(tmp_path, {"family_name": "Hernández", "agree": True, "consent": False, "gender": "X",
                                    "country": "SV", "services": ["legal", "shelter"]})
    stdout, _stderr = run(str(form), values, "--out", str(out_path))
    assert "6 field(s) filled" in stdout
    filled = {f.name: f.value for f in inspect_form(out_path)}
    assert filled["family_name"] == "Hernández" and filled["agree"] is True and filled["consent"] is False
    assert filled["gender"] == "X" and filled["country"] == "SV" and filled["services"] == ["legal", "shelter"]


def test_flatten(form, tmp_path):
    out_path = tmp_path / "flat.pdf"
    run(str(form), values_file(tmp_path, {"family_name": "Hernández"}), "--out", str(out_path), "--flatten")
    data = out_path.read_bytes()
    assert "Hernández" in pdftotext(data)
    from pypdf import PdfReader

    assert not PdfReader(io.BytesIO(data)).get_fields()


def test_unknown_names_and_impossible_values_are_reported_one_per_line_and_nothing_is_written(form, tmp_path):
    out_path = tmp_path / "filled.pdf"
    values = values_file(tmp_path, {"famly_name": "x", "agree": "perhaps", "gender": "Z", "family_name": "ok"})
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("fill_pdf", str(form), values, "--out", str(out_path), stderr=err)
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("famly_name: there is no field")
    assert lines[1].startswith("agree: a checkbox takes true or false")
    assert lines[2].startswith("gender: “Z” is not one of the choices (M, F, X)")
    assert "3 problem(s)" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["form.pdf", "values.json"]  # no output, no temp file


def test_an_existing_output_is_left_alone_on_error(form, tmp_path):
    out_path = tmp_path / "filled.pdf"
    out_path.write_bytes(b"previous")
    with pytest.raises(CommandError):
        run(str(form), values_file(tmp_path, {"nope": 1}), "--out", str(out_path))
    assert out_path.read_bytes() == b"previous"


@pytest.mark.parametrize(("make", "words"), [
    (xfa_only_form, "XFA"),
    (lambda: encrypted(fillable_form()), "password"),
    (lambda: damaged(fillable_form()), "damaged"),
])
def test_unfillable_files_get_a_clear_error(tmp_path, make, words):
    path = tmp_path / "bad.pdf"
    path.write_bytes(make())
    with pytest.raises(CommandError) as caught:
        run(str(path), values_file(tmp_path, {"a": "b"}), "--out", str(tmp_path / "out.pdf"))
    assert words in str(caught.value) and "bad.pdf" in str(caught.value)
    assert not (tmp_path / "out.pdf").exists()


def test_bad_json_and_missing_files(form, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        run(str(form), str(broken), "--out", str(tmp_path / "o.pdf"))
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON object"):
        run(str(form), str(listed), "--out", str(tmp_path / "o.pdf"))
    with pytest.raises(CommandError, match="missing.pdf"):
        run(str(tmp_path / "missing.pdf"), str(listed), "--out", str(tmp_path / "o.pdf"))
    with pytest.raises(CommandError, match="--out"):
        run(str(form), str(listed))


def test_list_fields_as_a_table(form):
    stdout, _ = run(str(form), "--list-fields")
    lines = stdout.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "VALUE", "OPTIONS", "MAX", "FLAGS", "PAGES"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert "checkbox" in rows["consent"] and "On" in rows["consent"]
    assert "SV (El Salvador)" in rows["country"] and "GT (Guatemala)" in rows["country"]
    assert "read-only" in rows["case_number"] and "IOE0000001" in rows["case_number"]
    assert "not-fillable" in rows["signature"]
    assert "applicant.given_name" in rows


def test_list_fields_as_json(form):
    stdout, _ = run(str(form), "--list-fields", "--json")
    fields = {f["name"]: f for f in json.loads(stdout)}
    assert fields["gender"]["kind"] == "radio"
    assert [o["export"] for o in fields["gender"]["options"]] == ["M", "F", "X"]
    assert fields["family_name"]["max_length"] == 40 and fields["signature_date"]["pages"] == [2]
