"""Who wrote the report, read from generated text exports and PDFs of several organisations."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.identity.meta import title_to_committee, title_to_kind, title_to_period
from pipeline.model import Severity
from pipeline.run import extract_to_rows, run_document
from tests.pdf_factory import REPORT_BODY, pdf_report


def text_export(tmp_path, name: str, title_page: list[str]) -> str:
    path = tmp_path / f"{name}.txt"
    path.write_text("\n\n".join([*title_page, "Innehållsförteckning", "Inledning\t3", "Inledning", *REPORT_BODY]) + "\n",
                    encoding="utf-8")
    return path


def meta_of(path, profile="auto"):
    ex = run_document(path, profile)
    return ex.meta, ex.errors


def test_identity_municipality_text_export(tmp_path):
    path = text_export(tmp_path, "kfn", ["Årsbokslut 2025 Kultur- och fritidsnämnden", "Simrishamns kommun",
                                         "Rapportperiod: 2025-12-31"])
    meta, _ = meta_of(path)
    assert (meta.organisation, meta.organisation_code, meta.organisation_name) == (
        "simrishamns-kommun", "1291", "Simrishamns kommun")
    assert (meta.committee, meta.committee_name) == ("kultur-och-fritidsnamnden", "Kultur- och fritidsnämnden")
    assert (meta.report_kind, meta.period_end, meta.profile) == ("arsbokslut", date(2025, 12, 31), "default")
    assert meta.report_id == "simrishamns-kommun.kultur-och-fritidsnamnden.arsbokslut.2025-12"


def test_identity_pdf_and_text_export_of_one_report_share_the_id(tmp_path):
    title_page = ["Delårsrapport januari–augusti 2025", "Barn- och utbildningsnämnden", "Luleå kommun"]
    pdf = pdf_report(tmp_path, "bun", title_page)
    txt = text_export(tmp_path, "bun", title_page)
    ids = {extract_to_rows(p)[0] for p in (pdf, txt)}
    assert ids == {"lulea-kommun.barn-och-utbildningsnamnden.delarsrapport.2025-08"}


def test_identity_from_pdf_metadata_and_running_header(tmp_path):
    # the organisation only in the Author field; kind and year only in the running header
    path = pdf_report(tmp_path, "intra", ["Nämnden för Intraservice", "Uppföljning av verksamheten"],
                      header="2025 ÅRSBOKSLUT", author="Göteborgs Stad")
    meta, _ = meta_of(path)
    assert (meta.organisation_code, meta.organisation_name) == ("1480", "Göteborgs Stad")
    assert (meta.committee, meta.committee_name) == ("namnden-for-intraservice", "Nämnden för Intraservice")
    assert (meta.report_kind, meta.period_end) == ("arsbokslut", date(2025, 12, 31))
    assert meta.report_id == "goteborgs-stad.namnden-for-intraservice.arsbokslut.2025-12"


def test_identity_region_in_running_header_selects_its_profile(tmp_path):
    path = pdf_report(tmp_path, "rs", ["Delårsrapport augusti 2024 RUN"],
                      header="Region Norrbotten   Delårsrapport augusti 2024")
    meta, _ = meta_of(path)
    assert (meta.profile, meta.organisation, meta.organisation_code) == ("region-norrbotten", "region-norrbotten", "25")
    assert meta.report_id == "region-norrbotten.run.delarsrapport.2024-08"


@pytest.mark.parametrize("title, committee", [("Månadsuppföljning mars 2025 KS", "kommunstyrelsen"),
                                              ("Månadsuppföljning mars 2025 BUN", "barn-och-utbildningsnamnden")])
def test_identity_committee_abbreviations(tmp_path, title, committee):
    meta, _ = meta_of(text_export(tmp_path, "m", [title, "Region Kalmar län"]))
    assert (meta.committee, meta.committee_name, meta.report_kind) == (committee, title.split()[-1],
                                                                       "manadsuppfoljning")
    assert (meta.organisation_code, meta.period_end) == ("08", date(2025, 3, 31))


def test_identity_no_organisation_is_null_with_a_warning(tmp_path):
    # the body names partners (Region Skåne, Göteborgs Stad); none of them wrote the report
    path = text_export(tmp_path, "anon", ["Verksamhetsberättelse 2024 Socialnämnden"])
    for profile in ("auto", "region-norrbotten"):
        meta, errors = meta_of(path, profile)
        assert meta.organisation is None and meta.organisation_code is None and meta.organisation_name is None
        assert any(e.stage == "report" and e.severity == Severity.WARNING and "no organisation" in e.message
                   for e in errors)
        assert meta.report_id.startswith("anon-")  # the file-stem fallback, never another organisation
    assert meta_of(path)[0].profile == "default"


def test_identity_report_kinds(tmp_path):
    kinds = {"Årsredovisning 2024": "arsredovisning", "Årsrapport 2024": "arsrapport",
             "Verksamhetsberättelse 2024": "verksamhetsberattelse", "Delårsrapport april 2024": "delarsrapport",
             "Årsbokslut 2024": "arsbokslut", "Månadsuppföljning maj 2024": "manadsuppfoljning"}
    for k, (title, kind) in enumerate(kinds.items()):
        meta, _ = meta_of(text_export(tmp_path, f"k{k}", [f"{title} Kommunstyrelsen", "Kiruna kommun"]))
        assert meta.report_kind == kind, title
        assert meta.organisation_code == "2584"


def test_identity_partner_in_an_opening_sentence_is_not_the_author(tmp_path):
    path = tmp_path / "notoc.txt"
    path.write_text("Delårsrapport april 2024 Tekniska nämnden\n\nNämnden har samverkat med Region Skåne "
                    "om kollektivtrafiken.\n\nResultat\n\nText.\n", encoding="utf-8")
    meta, _ = meta_of(path)
    assert meta.organisation is None and meta.profile == "default"


def test_identity_profile_of_an_organisation_outside_the_file(tmp_path):
    from pipeline.settings.profile import profile_from_dict

    prof = profile_from_dict({"report": {"organisation": "norrbottens-kommunforbund",
                                         "organisation_name": "Norrbottens Kommunförbund"}}, name="nkf")
    meta = run_document(text_export(tmp_path, "nkf", ["Årsredovisning 2024 Förbundsstyrelsen"]), prof).meta
    assert (meta.organisation, meta.organisation_code, meta.organisation_name) == (
        "norrbottens-kommunforbund", None, "Norrbottens Kommunförbund")
    assert meta.report_id == "norrbottens-kommunforbund.forbundsstyrelsen.arsredovisning.2024-12"


def test_identity_junk_in_the_title_stays_out_of_the_id_and_the_title(tmp_path):
    # regression (issue 12): a title reading "... 2021 RUN ../../../tmp/evil", or a first block of
    # hundreds of words, fed every word to the id's parts and all of it to reports.title
    from pipeline.identity.detect import COMMITTEE_LIST_WORDS, ID_TITLE_WORDS
    from pipeline.identity.meta import TITLE_CHARS

    def meta(name: str, title: str):
        return meta_of(text_export(tmp_path, name, [title, "Region Norrbotten"]))[0]

    evil = meta("evil", "Delårsrapport april 2021 RUN ../../../tmp/evil")
    assert evil.report_id == "region-norrbotten.run.delarsrapport.2021-04"  # no path part in the id
    assert evil.title == "Delårsrapport april 2021 RUN ../../../tmp/evil"

    # the id's words scattered past the title's first words: no id is assembled from them
    scattered = meta("scattered", " ".join(["root:x:0:0"] * ID_TITLE_WORDS * 20 + ["Delårsrapport april 2021 RUN"]))
    assert scattered.report_id.startswith("scattered-") and scattered.report_kind is None
    assert len(scattered.title) <= TITLE_CHARS and scattered.title.endswith("…")

    listed = ", ".join(f"junk{k}" for k in range(300))
    long_list = meta("list", f"Delårsrapport april 2021 Nämnden för arbetsmarknad, {listed}")
    assert long_list.committee_name == "Nämnden för arbetsmarknad, " + ", ".join(
        f"junk{k}" for k in range(COMMITTEE_LIST_WORDS))
    assert long_list.report_id.endswith(".delarsrapport.2021-04") and "junk299" not in long_list.report_id
    assert len(long_list.title) <= TITLE_CHARS


def test_identity_junk_in_pdf_metadata_stays_out_of_the_id(tmp_path):
    # the Title field holds the id's words only after hundreds of others
    from pipeline.identity.detect import ID_TITLE_WORDS

    junk = " ".join(["lorem"] * ID_TITLE_WORDS * 3 + ["Delårsrapport april 2021 RUN"])
    meta, _ = meta_of(pdf_report(tmp_path, "meta", ["Uppföljning", "Region Norrbotten"], title=junk))
    assert meta.report_kind is None and meta.report_id.startswith("meta-")


@pytest.mark.parametrize("title, committee", [
    ("Bilaga Delårsrapport april 2021 RUN", "run"),
    ("Delårsrapport augusti 2022 regionala utvecklingsnämnden", "run"),
    ("Årsredovisning 2021 Kulturnämnden", "kulturnamnden"),
    ("Delårsrapport april 2021 Hälso- och sjukvårdsnämnden", "halso-och-sjukvardsnamnden"),
    ("Bilaga Delårsrapport april 2021", None),
])
def test_report_committee_from_title(profile, title, committee):
    assert title_to_committee(title, profile) == committee


@pytest.mark.parametrize("title, kind, end", [
    ("Bilaga Delårsrapport april 2021 RUN", "delarsrapport", date(2021, 4, 30)),
    ("Delårsrapport augusti 2022 RS", "delarsrapport", date(2022, 8, 31)),
    ("Årsredovisning 2021 Kulturnämnden", "arsredovisning", date(2021, 12, 31)),
    ("Delårsrapport 2021", "delarsrapport", None),  # no month: the period is unknown, not guessed
])
def test_report_kind_and_period(profile, title, kind, end):
    assert title_to_kind(title, profile) == kind
    assert title_to_period(title, kind, profile)[1] == end
