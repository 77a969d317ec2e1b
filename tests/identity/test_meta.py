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
    assert title_to_committee(title, profile.report) == committee


@pytest.mark.parametrize("title, kind, end", [
    ("Bilaga Delårsrapport april 2021 RUN", "delarsrapport", date(2021, 4, 30)),
    ("Delårsrapport augusti 2022 RS", "delarsrapport", date(2022, 8, 31)),
    ("Årsredovisning 2021 Kulturnämnden", "arsredovisning", date(2021, 12, 31)),
    ("Delårsrapport 2021", "delarsrapport", None),  # no month: the period is unknown, not guessed
])
def test_report_kind_and_period(profile, title, kind, end):
    assert title_to_kind(title, profile.report) == kind
    assert title_to_period(title, kind, profile.report)[1] == end


# ----------------------------------------------------------------------------- issue 21: the whole document


def report_warnings(errors) -> list[str]:
    return [e.message for e in errors if e.stage == "report" and e.severity == Severity.WARNING]


def test_identity_city_audit_office_reports_on_the_year_before_its_handling(tmp_path):
    # regression: "årsredogörelse och årsrapport för 2023", filed as "Handling 2024 nr 62", became
    # kommunfullmaktige 2024-01..04
    meta, _ = meta_of(text_export(tmp_path, "sr", ["Stadsrevisionen", "Årsredogörelse och årsrapport för 2023",
                                                   "Handling 2024 nr 62", "Till Göteborgs kommunfullmäktige"]))
    assert (meta.committee, meta.report_kind) == ("stadsrevisionen", "arsredogorelse")
    assert (meta.period_start, meta.period_end) == (date(2023, 1, 1), date(2023, 12, 31))
    assert (meta.organisation_code, meta.organisation_source) == ("1480", "body")  # "Till Göteborgs kommunfullmäktige"


@pytest.mark.parametrize("title, end", [
    ("Tertialrapport 2 2025 Kulturnämnden", date(2025, 8, 31)),
    ("Delårsrapport mars 2026 Kulturnämnden", date(2026, 3, 31)),
    ("Uppföljning per 31 augusti 2025 Kulturnämnden", date(2025, 8, 31)),
    ("Årsredovisning 2025 Kulturnämnden 2026-03-15", date(2025, 12, 31)),  # the date is when, not what
    ("Månadsuppföljning oktober 2025 Kulturnämnden", date(2025, 10, 31)),
])
def test_identity_period_reported_on(tmp_path, title, end):
    meta, _ = meta_of(text_export(tmp_path, "p", [title, "Kiruna kommun"]))
    assert meta.period_end == end and meta.period_source == "title"


def test_identity_publication_date_kept_apart(tmp_path):
    meta, _ = meta_of(text_export(tmp_path, "pub", ["Årsredovisning 2025 Kulturnämnden", "Kiruna kommun",
                                                    "2026-03-15"]))
    assert (meta.period_end, meta.published) == (date(2025, 12, 31), date(2026, 3, 15))


def test_identity_kommunalforbund_and_company_have_a_name_and_no_code(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("Årsredovisning 2024\n\nRäddningstjänsten Dala Mitt kommunalförbund\n\nDirektionen\n\n"
                    "Innehållsförteckning\n\nInledning\n\nFörbundets medlemskommuner är Avesta, Hedemora och "
                    "Säters kommun. Samverkan med Region Dalarna.\n", "utf-8")
    meta, _ = meta_of(path)
    assert (meta.organisation_name, meta.organisation_code, meta.committee) == (
        "Räddningstjänsten Dala Mitt kommunalförbund", None, "direktionen")
    assert meta.organisation_members == ("2084", "2083", "2082")  # Avesta, Hedemora, Säter
    assert meta.report_id == "raddningstjansten-dala-mitt-kommunalforbund.direktionen.arsredovisning.2024-12"
    path = tmp_path / "ab.txt"
    path.write_text("Årsredovisning 2024\n\nAlingsås Energi AB\n\nInnehållsförteckning\n\nFörvaltningsberättelse\n\n"
                    "Styrelsen och verkställande direktören avger härmed årsredovisning för bolaget.\n", "utf-8")
    meta, _ = meta_of(path)
    assert (meta.organisation_name, meta.organisation_code, meta.committee) == ("Alingsås Energi AB", None, "styrelsen")
    assert meta.committee_source == "body"


def test_identity_organisation_from_web_domain_and_contact_block(tmp_path):
    path = tmp_path / "dom.txt"
    path.write_text("Verksamhetsberättelse 2024 Socialnämnden\n\nInnehållsförteckning\n\nInledning\n\n"
                    "Frågor besvaras av förvaltningen, socialnamnden@alingsas.se, www.alingsas.se.\n", "utf-8")
    meta, _ = meta_of(path)
    assert (meta.organisation_code, meta.organisation_source) == ("1489", "body")
    contact = tmp_path / "contact.txt"
    contact.write_text("Verksamhetsberättelse 2024 Socialnämnden\n\nInnehållsförteckning\n\nInledning\n\n"
                       "Kiruna kommun, Socialförvaltningen, 981 85 KIRUNA\n", "utf-8")
    assert meta_of(contact)[0].organisation_code == "2584"


def test_identity_committee_named_only_in_a_running_header(tmp_path):
    path = pdf_report(tmp_path, "hdr", ["Delårsrapport augusti 2025", "Kiruna kommun"], header="Kulturnämnden")
    meta, _ = meta_of(path)
    assert (meta.committee, meta.committee_source) == ("kulturnamnden", "header")


def test_identity_file_name_is_the_last_resort_and_says_so(tmp_path):
    path = tmp_path / "kiruna-kfn-manadsuppfoljning-2025-03.txt"
    path.write_text("Uppföljning\n\nInnehållsförteckning\n\nInledning\n\nText om verksamheten.\n", "utf-8")
    meta, errors = meta_of(path)
    assert (meta.organisation_code, meta.committee, meta.report_kind, meta.period_end) == (
        "2584", "kultur-och-fritidsnamnden", "manadsuppfoljning", date(2025, 3, 31))
    assert {meta.organisation_source, meta.committee_source, meta.report_kind_source, meta.period_source} == {"filename"}
    assert meta.organisation_confidence < 0.5
    said = report_warnings(errors)
    assert sum("file name" in w for w in said) == 4, said


def test_identity_not_stated_is_null_with_a_warning(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Uppföljning\n\nInnehållsförteckning\n\nInledning\n\nText om verksamheten.\n", "utf-8")
    meta, errors = meta_of(path)
    assert (meta.organisation, meta.committee, meta.report_kind, meta.period_end) == (None, None, None, None)
    assert meta.organisation_source is None and meta.period_confidence is None
    said = report_warnings(errors)
    for part in ("no organisation", "committee:", "report kind:", "period:"):
        assert any(part in w for w in said), (part, said)


def test_identity_partner_named_often_is_not_enough_against_another(tmp_path):
    # two organisations named equally often: neither is the author
    body = " ".join(["Samverkan med Region Skåne och Göteborgs Stad."] * 5)
    path = tmp_path / "two.txt"
    path.write_text(f"Verksamhetsberättelse 2024 Socialnämnden\n\nInnehållsförteckning\n\nInledning\n\n{body}\n", "utf-8")
    assert meta_of(path)[0].organisation is None


@pytest.mark.parametrize("line, committee", [("Beslutande instans: Kultur- och fritidsnämnden", "kultur-och-fritidsnamnden"),
                                             ("Beslutande instans: Kommunfullmäktige", None),  # the addressee
                                             ("Diarienummer: KFN 2025/12", "kultur-och-fritidsnamnden")])
def test_identity_committee_from_the_opening_body(tmp_path, line, committee):
    path = tmp_path / "b.txt"
    path.write_text(f"Uppföljning av verksamheten 2025\n\nKiruna kommun\n\nInnehållsförteckning\n\nInledning\n\n{line}\n\n"
                    "Text om verksamheten.\n", "utf-8")
    meta, errors = meta_of(path)
    assert meta.committee == committee
    assert meta.committee_source == ("body" if committee else None)
    if committee is None:
        assert any("committee:" in w for w in report_warnings(errors))


def test_identity_page_counter_above_the_title_is_not_the_title(tmp_path):
    """Hagfors' risk analysis (tests/real/external) prints "Sid 1(30)" above its title on every page,
    the first page included: the title is the line below it, and the kind and the span of years
    ("2023–2026") are the report's."""
    pdf = pdf_report(tmp_path, "rsa", ["Sid 1(3)", "Risk- och sårbarhetsanalys 2023–2026", "Hagfors kommun",
                                       "Rapporterad till kommunstyrelsen 2024-01-15"])
    meta, _ = meta_of(pdf)
    assert meta.title == "Risk- och sårbarhetsanalys 2023–2026"
    assert (meta.report_kind, meta.period_start, meta.period_end) == (
        "risk-och-sarbarhetsanalys", date(2023, 1, 1), date(2026, 12, 31))
    assert meta.report_id == "hagfors-kommun.kommunstyrelsen.risk-och-sarbarhetsanalys.2026-12"
