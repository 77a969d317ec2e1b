from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import SectionKind


def _by_title(ex, title):
    return next(s for s in ex.sections if s.title == title)


def test_sections_tree_counts(text_sample):
    kinds = Counter(s.kind for s in text_sample.sections)
    assert kinds[SectionKind.PERSPECTIVE] == 4
    assert kinds[SectionKind.STRATEGIC_GOAL] == 4
    assert kinds[SectionKind.SUCCESS_FACTOR] == 19
    assert kinds[SectionKind.COMPANY] == 8


def test_sections_ids_unique_and_parents_exist(text_sample):
    ids = [s.section_id for s in text_sample.sections]
    assert len(ids) == len(set(ids))
    by_id = {s.section_id: s for s in text_sample.sections}
    for s in text_sample.sections:
        if s.parent_id is not None:
            parent = by_id[s.parent_id]
            assert parent.level < s.level
            assert parent.prov.char_start < s.prov.char_start <= s.prov.char_end <= parent.prov.char_end


def test_sections_hierarchy_levels(ex2021):
    by_id = {s.section_id: s for s in ex2021.sections}
    expected_parent = {SectionKind.STRATEGIC_GOAL: SectionKind.PERSPECTIVE,
                       SectionKind.SUCCESS_FACTOR: SectionKind.STRATEGIC_GOAL,
                       SectionKind.METRIC_NARRATIVE: SectionKind.SUCCESS_FACTOR}
    for s in ex2021.sections:
        if s.kind in expected_parent:
            assert by_id[s.parent_id].kind == expected_parent[s.kind], s.title


def test_sections_subheadings_nest_under_metric_narrative(ex2021):
    eu = _by_title(ex2021, "Färdigställa EU-program 2021-2027")
    assert eu.kind == SectionKind.METRIC_NARRATIVE
    for title in ("Interreg Aurora", "Interreg Kolarctic"):
        sub = _by_title(ex2021, title)
        assert sub.parent_id == eu.section_id and sub.level == 5


def test_sections_factor_level_heading_is_not_a_metric_narrative(ex2021):
    s = _by_title(ex2021, "Kommunikationer till, från och in länet")
    assert s.kind == SectionKind.HEADING and s.level == 4
    assert "Haparandabanan" in s.text


def test_sections_drifted_headings_are_metric_narratives(ex2021):
    for title in ("Andel invånare som tackat ja till bredbandserbjudande om 100 Mbit per sekund",
                  "Få fler unga och en bred representation från fler kommuner delaktiga i Länsungdomsrådet",
                  "Handlingsplan för regionala kompetensförsörjningsrådet",
                  "Satsningar som syftar till att bibehålla/öka befolkningen och bidra till attraktiva livsmiljöer"):
        assert _by_title(ex2021, title).kind == SectionKind.METRIC_NARRATIVE, title


def test_sections_companies_under_agarstyrning(ex2021):
    companies = [s.title for s in ex2021.sections if s.kind == SectionKind.COMPANY]
    assert companies[0] == "BD Pop AB" and "Almi Företagspartner Nord AB" in companies
    parent = _by_title(ex2021, "Ägarstyrning – bolagens verksamhet januari till april 2021")
    assert all(s.parent_id == parent.section_id for s in ex2021.sections if s.kind == SectionKind.COMPANY)


def test_sections_text_is_own_narrative_with_offsets(ex2021):
    s = _by_title(ex2021, "Antal företagsbesök")
    assert s.text.startswith("Under perioden har 27 planerade digitala möten")
    doc = ex2021.document.text
    assert doc[s.prov.char_start:].startswith("Antal företagsbesök")
    assert s.text.split("\n\n")[0] in doc[s.body_start:s.prov.char_end]


def test_span_ends_of_nested_and_flat_headings():
    from pipeline.model import SectionKind
    from pipeline.structure.sections import Heading, _span_ends
    hs = [Heading(i, SectionKind.HEADING, f"h{i}", lvl, None) for i, lvl in enumerate([1, 2, 3, 2, 1, 2])]
    assert _span_ends(hs, 9) == [4, 3, 3, 4, 9, 9]


# issue 22: a goal word and a number make a goal heading; a number alone makes a theme

GOAL_WORDS = ["Mål", "Strategiskt mål", "Verksamhetsmål", "Förbundsmål"]


def test_numbered_goal_headings_are_goals_and_numbered_themes_are_not():
    from pipeline.structure.sections import numbered_goal

    assert numbered_goal("Mål 1: Antalet bränder i bostäder ska minska", GOAL_WORDS) == (
        "Mål", "Antalet bränder i bostäder ska minska")
    assert numbered_goal("Verksamhetsmål 2. Trygga invånare", GOAL_WORDS) == ("Verksamhetsmål", "Trygga invånare")
    assert numbered_goal("Mål 1.2 – Hög tillgänglighet", GOAL_WORDS) == ("Mål", "Hög tillgänglighet")
    assert numbered_goal("Mål 3 Ekonomi i balans", GOAL_WORDS) == ("Mål", "Ekonomi i balans")
    for theme in ("04 Hav och marina resurser", "1 Olycksförebyggande verksamhet", "Målområde 2: Trygghet",
                  "Mål 2030 för hållbar utveckling", "Mål 3 och 4", "Mål 1", "Måluppfyllelse"):
        assert numbered_goal(theme, GOAL_WORDS) is None, theme


@given(number=st.integers(0, 99), text=st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzåäö "), min_size=1,
                                                 max_size=30).filter(str.strip))
def test_a_heading_without_a_goal_word_is_never_a_goal(number, text):
    from pipeline.structure.sections import numbered_goal

    assert numbered_goal(f"{number:02d} {text.strip().capitalize()}", GOAL_WORDS) is None
    assert numbered_goal(f"{number} {text.strip().capitalize()}", GOAL_WORDS) is None


@given(word=st.sampled_from(GOAL_WORDS), number=st.integers(1, 99), sep=st.sampled_from([":", ".", " –", " -", ""]),
       text=st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzåäö "), min_size=1, max_size=30).filter(str.strip))
def test_a_goal_word_and_number_give_the_goal_text(word, number, sep, text):
    from pipeline.structure.sections import numbered_goal

    goal = text.strip().capitalize()
    assert numbered_goal(f"{word} {number}{sep} {goal}", GOAL_WORDS) == (word, goal)
