import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.run import run_document
from pipeline.settings.profile import PROFILE_DIR_ENV, load_profile
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
    result = runner.invoke(app, ["profile", "draft", str(pdf), "--out", "-"])
    assert result.exit_code == 0, result.output
    assert "no organisation was detected" in result.output
    path = tmp_path / "anon.toml"
    path.write_text(result.output, encoding="utf-8")
    assert load_profile(str(path)).report.organisation_code == ""


@pytest.fixture
def own_dir(tmp_path, monkeypatch):
    """An empty user profile directory of the test's own."""
    d = tmp_path / "config" / "profiles"
    monkeypatch.setenv(PROFILE_DIR_ENV, str(d))
    return d


def test_profile_draft_writes_into_the_user_profile_dir_and_auto_then_selects_it(tmp_path, own_dir):
    pdf = pdf_report(tmp_path, "kfn", ["Årsbokslut 2025", "Kultur- och fritidsnämnden"],
                     header="Simrishamns kommun   2025 ÅRSBOKSLUT")
    result = runner.invoke(app, ["profile", "draft", str(pdf)])
    assert result.exit_code == 0, result.output
    path = own_dir / "simrishamns-kommun.toml"
    assert result.output.strip() == str(path) and path.is_file()
    listed = runner.invoke(app, ["profiles"]).output
    assert f"Your profiles ({own_dir})" in listed
    assert any(ln.split()[:2] == ["simrishamns-kommun", "1291"] for ln in listed.splitlines())
    assert load_profile("simrishamns-kommun").report.organisation_code == "1291"  # by name
    assert run_document(pdf, load_profile("auto")).meta.profile == "simrishamns-kommun"  # and by auto
    again = runner.invoke(app, ["profile", "draft", str(pdf)])
    assert again.exit_code == 2 and "exists" in again.output  # never overwritten silently
    assert runner.invoke(app, ["profile", "draft", str(pdf), "--force"]).exit_code == 0


def test_profile_draft_of_a_shipped_organisation_does_not_take_its_name(own_dir):
    from tests.conftest import TEXT_2021

    result = runner.invoke(app, ["profile", "draft", str(TEXT_2021)])
    assert result.exit_code == 0, result.output
    assert (own_dir / "region-norrbotten-own.toml").is_file()


def test_profiles_lists_a_user_file_that_a_shipped_name_hides_and_one_with_an_error(own_dir):
    own_dir.mkdir(parents=True)
    (own_dir / "default.toml").write_text('description = "mine"\n', encoding="utf-8")
    (own_dir / "broken.toml").write_text("description = \n", encoding="utf-8")
    result = runner.invoke(app, ["profiles"])
    assert result.exit_code == 0, result.output
    mine = result.output.split("Your profiles")[1]
    assert "default" in mine and "a shipped profile has this name" in mine
    assert "broken" in mine and "not valid TOML" in mine
    assert load_profile("default").description != "mine"
    res = runner.invoke(app, ["extract", str(own_dir), "--out", str(own_dir.parent / "out")])
    assert res.exit_code == 2 and "broken" in res.output  # auto would read it: one error, at the start


def test_profile_draft_missing_file_is_a_message(tmp_path):
    result = runner.invoke(app, ["profile", "draft", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2 and "no such file" in result.output
