import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.numbers import parse_number, parse_target

DIRECTIONS = {"öka": "increase", "bibehålla": "maintain", "inte minska": "not_decrease", "minska": "decrease"}


def swedish(n: int, decimals: str = "", sep: str = " ") -> str:
    """Format like a Swedish report: space-grouped thousands, decimal comma."""
    groups = f"{n:,}".replace(",", sep)
    return groups + ("," + decimals if decimals else "")


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_numbers_grouped_integers_round_trip(n, sep):
    assert parse_number(swedish(n, sep=sep)) == n


@given(st.integers(min_value=0, max_value=10**9), st.text(alphabet="0123456789", min_size=1, max_size=3))
def test_numbers_decimal_comma(n, decimals):
    assert parse_number(swedish(n, decimals)) == pytest.approx(float(f"{n}.{decimals}"))


@given(st.integers(min_value=0, max_value=100))
def test_numbers_percent_cells(n):
    assert parse_number(f"{n}%") == n
    t = parse_target(f"{n}%", DIRECTIONS)
    assert (t.kind, t.value, t.unit) == ("percent", n, "percent")


@given(st.integers(0, 100), st.integers(0, 100), st.booleans())
def test_numbers_ratio_targets(a, b, pct):
    raw = f"{a}%/{b}%" if pct else f"{a}/{b}"
    t = parse_target(raw, DIRECTIONS)
    assert (t.kind, t.value, t.value_2) == ("ratio", a, b)
    assert t.unit == ("percent" if pct else None)


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_numbers_by_gender_targets(w, m):
    t = parse_target(f"{swedish(w)} kvinnor {swedish(m)} män", DIRECTIONS)
    assert (t.kind, t.women, t.men) == ("by_gender", w, m)


@given(st.text(max_size=40))
def test_numbers_parse_target_never_raises(raw):
    t = parse_target(raw, DIRECTIONS)
    assert t.kind in {"number", "percent", "ratio", "by_gender", "direction", "text"}
    assert t.raw == raw


@pytest.mark.parametrize("raw, kind, direction", [
    ("Öka", "direction", "increase"), ("Bibehålla", "direction", "maintain"),
    ("Inte minska", "direction", "not_decrease"), ("Minska", "direction", "decrease"),
    ("Budget hålls", "text", None), ("", "text", None),
])
def test_numbers_direction_targets(raw, kind, direction):
    t = parse_target(raw, DIRECTIONS)
    assert (t.kind, t.direction) == (kind, direction)


@pytest.mark.parametrize("text", ["Kultur-enheten", "Utfall 2018", "", "◇", "1 2 3 4", "12 34"])
def test_numbers_non_numbers(text):
    assert parse_number(text) is None


def test_numbers_count_with_description():
    t = parse_target("4 En uppföljning av samtliga strategier", DIRECTIONS)
    assert (t.kind, t.value, t.unit) == ("number", 4, None)


# ----------------------------------------------------------------------------- target years (issue 22)

@given(st.integers(1900, 2099), st.integers(0, 30), st.sampled_from(["–", "-", " – ", " - ", "—"]))
def test_parse_year_span_property(first, length, dash):
    from pipeline.text.numbers import parse_year

    last = min(first + length, 2099)
    t = parse_year(f"{first}{dash}{last}")
    assert t is not None and (t.kind, t.value, t.value_2) == ("year", first, last)
    single = parse_year(str(first))
    assert single is not None and (single.kind, single.value, single.value_2) == ("year", first, None)


def test_parse_year_takes_nothing_else():
    from pipeline.text.numbers import parse_year

    assert [parse_year(s) for s in ("2026 kvartal 2", "90 %", "1850", "Öka", "", "2025/2026")] == [None] * 6
