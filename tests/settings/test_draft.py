from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.run import run_document
from pipeline.settings.profile import load_profile
from tests.pdf_factory import pdf_report

runner = CliRunner()


def test_cli_profiles_lists_profiles_with_descriptions():
    result = runner.invoke(app, ["profiles"])
    assert result.exit_code == 0, result.output
    lines = {ln.split()[0]: ln for ln in result.output.splitlines() if ln.strip()}
    assert {"auto", "default", "region-norrbotten"} <= set(lines)
    assert "25 Region Norrbotten" in lines["region-norrbotten"]
    assert load_profile("default").description in lines["default"]


def test_profile_draft_loads_back_and_names_the_organisation(tmp_path):
    pdf = pdf_report(tmp_path, "kfn", ["Årsbokslut 2025", "Kultur- och fritidsnämnden"],
                     header="Simrishamns kommun   2025 ÅRSBOKSLUT")
    out = tmp_path / "simrishamn.toml"
    result = runner.invoke(app, ["profile", "draft", str(pdf), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "# Table header rows found" in text and "# Heading styles" in text and "# Status/trend marks" in text
    prof = load_profile(str(out))
    assert (prof.report.organisation, prof.report.organisation_code) == ("simrishamns-kommun", "1291")
    assert prof.report.committees["Kultur- och fritidsnämnden"] == "kultur-och-fritidsnamnden"
    meta = run_document(pdf, prof).meta
    assert meta.report_id == "simrishamns-kommun.kultur-och-fritidsnamnden.arsbokslut.2025-12"
    assert meta.profile == "simrishamn"


def test_profile_draft_of_a_document_naming_no_organisation_still_loads(tmp_path):
    pdf = pdf_report(tmp_path, "anon", ["Årsbokslut 2025", "Socialnämnden"])
    result = runner.invoke(app, ["profile", "draft", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "no organisation was detected" in result.output
    path = tmp_path / "anon.toml"
    path.write_text(result.output, encoding="utf-8")
    assert load_profile(str(path)).report.organisation_code == ""


def test_profile_draft_missing_file_is_a_message(tmp_path):
    result = runner.invoke(app, ["profile", "draft", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2 and "no such file" in result.output
