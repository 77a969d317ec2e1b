"""Organisation profiles: pipeline/configs/*.toml (shipped in the package) and the user's own
(``*.toml`` in the user config directory, ``user_profile_dir``), loaded into frozen, validated settings.

A profile holds the vocabulary of one report template. ``default.toml`` is the base; an
organisation profile overrides it key by key. Unknown keys are an error, so a typo in a
profile fails loudly instead of being ignored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tomllib
import types
import typing
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass
from datetime import date, time
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pipeline import DISTRIBUTION
from pipeline.model import State, Status, Trend
from pipeline.settings.pdf import PdfSettings

if typing.TYPE_CHECKING:
    from _typeshed import DataclassInstance

# profiles ship inside the package, so an installed pipeline finds them outside the repo
CONFIG_DIR: Traversable = resources.files("pipeline") / "configs"
# the user's own profiles: the user config directory (platformdirs), or this variable's directory
PROFILE_DIR_ENV = "PIPELINE_PROFILE_DIR"

STATUSES = tuple(Status)
TRENDS = tuple(Trend)
STATES = tuple(State)


class ProfileError(ValueError):
    pass


# field metadata of a setting added after profiles were first fingerprinted (``fingerprint``): left
# at its default it leaves the fingerprint as it was, so adding a setting re-extracts nothing
SINCE_FINGERPRINT = types.MappingProxyType({"fingerprint": "when_set"})


@dataclass(frozen=True)
class ReportSettings:
    organisation: str = ""  # slug used in report_id, e.g. "region-norrbotten"
    organisation_name: str = ""
    # SCB code of the organisation this profile belongs to; a document naming it selects the profile
    organisation_code: str = ""
    # words in the title -> report_kind
    kinds: dict[str, str] = field(default_factory=dict)
    # committee abbreviations or names in the title -> committee slug
    committees: dict[str, str] = field(default_factory=dict)
    # a title word ending like this names a committee not in `committees` ("Kulturnämnden")
    committee_suffixes: list[str] = field(default_factory=list)
    months: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TextExportSettings:
    """Tables aligned with spaces in text exports (``read.layout_text``; ``[read.text]``)."""

    # a segment starting this many characters right of a column start is still in that column
    column_tolerance: int = 4
    # blank lines allowed between a footer and the header repeated on the next page
    max_break_lines: int = 6


@dataclass(frozen=True)
class ReadSettings:
    text_algorithm: str = "read.text.v1"
    pdf_algorithm: str = "read.pdf.v1"
    toc_headings: list[str] = field(default_factory=list)
    # PDF layout (sizes in em = multiples of the body font size)
    paragraph_gap_em: float = 0.8  # vertical gap between lines that starts a new paragraph
    column_gap_em: float = 1.2  # horizontal gap between words that separates table columns
    margin_share: float = 0.1  # top/bottom share of the page where running headers/footers live
    furniture_min_share: float = 0.5  # share of pages a margin line must repeat on to be furniture
    max_mark_size: float = 24.0  # largest vector shape or image (pt) read as a status mark
    # every other tolerance of the PDF reader, by step ([read.pdf.<step>])
    pdf: PdfSettings = field(default_factory=PdfSettings, metadata=SINCE_FINGERPRINT)
    # the text reader's tolerances ([read.text])
    text: TextExportSettings = field(default_factory=TextExportSettings, metadata=SINCE_FINGERPRINT)
    # column names (lower case) a line of which opens a table drawn with no rules: the [tables]
    # role names, set by the profile (derived, so not fingerprinted)
    header_names: frozenset[str] = field(default=frozenset(), repr=False)


@dataclass(frozen=True)
class SectionSettings:
    algorithm: str = "sections.v1"
    perspectives: list[str] = field(default_factory=list)
    perspective_container: list[str] = field(default_factory=list)  # "Måluppfyllelse i perspektiv"
    goal_prefixes: list[str] = field(default_factory=list)
    # a heading of one of these words and a number ("Mål 1:", "Verksamhetsmål 2.") names a goal
    goal_words: list[str] = field(default_factory=list)
    factor_prefixes: list[str] = field(default_factory=list)
    company_parents: list[str] = field(default_factory=list)  # headings whose children are companies
    max_heading_words: int = 18
    metric_heading_threshold: float = 0.8  # similarity for a heading to be a metric narrative
    # headings that sum up the section above them ("7.1.2 Sammanfattad bedömning"): never a theme
    summary_headings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TableSettings:
    algorithm: str = "tables.v1"
    # header text -> column role; matched after de-hyphenation and case folding
    roles: dict[str, list[str]] = field(default_factory=dict)
    # economy line items ("intäkter", "kostnader"): a table whose every row names one is economy
    economy_items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ScorecardSettings:
    algorithm: str = "scorecard.v1"
    activity_prefixes: list[str] = field(default_factory=list)
    # text-export symbols -> status; "assessed" means a mark whose colour is unknown
    symbols: dict[str, str] = field(default_factory=dict)
    # a status cell holding (or starting with) a word or emoji (lower case) -> status
    status_words: dict[str, str] = field(default_factory=dict)
    # an activity's or assignment's first word(s) (lower case) -> state ("pågår" -> in_progress)
    state_words: dict[str, str] = field(default_factory=dict)
    # an activity's plain icon (no state shape) by hue family -> state; "hollow" for an open ring
    state_colors: dict[str, str] = field(default_factory=dict)
    arrows: dict[str, str] = field(default_factory=dict)
    directions: dict[str, str] = field(default_factory=dict)
    # a sign or word right before a target's number (">", "≤", "minst") -> target_direction
    comparators: dict[str, str] = field(default_factory=dict)
    assessment_prefixes: list[str] = field(default_factory=list)
    # phrase (lower case) -> status, for assessments stated in prose
    narrative_status: dict[str, str] = field(default_factory=dict)
    # phrases that turn a statement into a forecast ("vid årets slut")
    forecast_markers: list[str] = field(default_factory=list)
    factor_match_threshold: float = 0.85
    # a full-width table row (or a cell) starting with one of these is a comment on the row above
    comment_prefixes: list[str] = field(default_factory=list)
    # labels of fields printed in a name cell after the name ("Uppdragsår 2025"): the name ends there
    field_labels: list[str] = field(default_factory=list)
    # similarity a full-width sub-header row needs to name a goal of the report
    subheader_goal_threshold: float = field(default=0.8, metadata=SINCE_FINGERPRINT)
    # confidence a metric row loses with fewer cells than its header ...
    short_row_penalty: float = field(default=0.3, metadata=SINCE_FINGERPRINT)
    # ... with no factor where its table has a factor column ...
    no_factor_penalty: float = field(default=0.2, metadata=SINCE_FINGERPRINT)
    # ... and with a factor unlike its heading's (below factor_match_threshold)
    factor_mismatch_penalty: float = field(default=0.1, metadata=SINCE_FINGERPRINT)
    # target column headers that hold a year ("Målår"): "2026" and "2027–2030" are targets of kind year
    year_targets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LegendSettings:
    """Default legend, used when a document has none: hue family -> status."""

    legend_headings: list[str] = field(default_factory=list)
    hues: dict[str, str] = field(default_factory=dict)
    hollow: str = "not_assessed"
    # mark shape -> status, ahead of colour ("check", "cross", "bar"; "open_diamond" when hollow)
    shapes: dict[str, str] = field(default_factory=dict)
    # legend label phrase (lower case) -> status, on top of scorecard.narrative_status
    labels: dict[str, str] = field(default_factory=dict)
    # a status cell's own fill by hue family -> status, when the document has no legend (a guess)
    fills: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LanguageSettings:
    model: str = "blank"  # "blank" (our rules) or an installed spaCy package, e.g. sv_core_news_sm
    municipalities: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    org_suffixes: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    org_prefixes: list[str] = field(default_factory=list)  # "Region" in "Region Norrbotten"
    phrase_suffixes: list[str] = field(default_factory=list)  # ORG only as a word of its own: "Boden kommun"
    bare_scale_unit: str = "SEK"  # unit of "1,6 miljarder" when no currency follows the scale word
    status_subjects: list[str] = field(default_factory=list)  # a status sentence names one ("målet")


@dataclass(frozen=True)
class LinkingSettings:
    algorithm: str = "linking.lexical.v1"
    fuzzy_threshold: float = 0.85
    lemma_threshold: float = 0.75
    content_threshold: float = 0.5
    measure_words: list[str] = field(default_factory=list)  # "antal", "andel": ignored in lemma sets
    cross_factor_threshold: float = 0.95  # a heading may link outside its factor only this close
    sole_metric_score: float = 0.6  # content score of a factor's narrative about its only metric
    inherit_decay: float = 0.95  # score factor for sub-headings inheriting their parent's link


@dataclass(frozen=True)
class CompareSettings:
    algorithm: str = "compare.v1"
    rename_threshold: float = 0.75


@dataclass(frozen=True)
class Profile:
    name: str = "default"
    description: str = ""
    report: ReportSettings = field(default_factory=ReportSettings)
    read: ReadSettings = field(default_factory=ReadSettings)
    sections: SectionSettings = field(default_factory=SectionSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    scorecard: ScorecardSettings = field(default_factory=ScorecardSettings)
    legend: LegendSettings = field(default_factory=LegendSettings)
    language: LanguageSettings = field(default_factory=LanguageSettings)
    linking: LinkingSettings = field(default_factory=LinkingSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)

    def __hash__(self) -> int:  # profiles are cached by name; dict fields are not hashable
        return hash(self.name)

    def __post_init__(self) -> None:
        # the PDF reader gets [read] only; it needs the column names to find tables with no rules
        names = frozenset(n.lower() for ns in self.tables.roles.values() for n in ns)
        if names != self.read.header_names:
            object.__setattr__(self, "read", dataclasses.replace(self.read, header_names=names))
        bad = [v for v in self.scorecard.symbols.values() if v not in (*STATUSES, "assessed")]
        bad += [v for v in self.scorecard.narrative_status.values() if v not in STATUSES]
        bad += [v for v in self.scorecard.status_words.values() if v not in STATUSES]
        bad += [v for v in self.legend.hues.values() if v not in STATUSES]
        bad += [v for v in self.legend.labels.values() if v not in STATUSES]
        bad += [v for v in self.legend.shapes.values() if v not in STATUSES]
        bad += [v for v in self.scorecard.arrows.values() if v not in TRENDS]
        bad += [v for v in self.scorecard.state_words.values() if v not in STATES]
        bad += [v for v in self.scorecard.state_colors.values() if v not in STATES]
        if bad:
            raise ProfileError(f"profile {self.name!r}: unknown status/trend/state values {sorted(set(bad))}")


def fingerprint(obj: object) -> str:
    """``repr(obj)``, but without the settings marked ``SINCE_FINGERPRINT`` that hold their default:
    what the batch keys a profile on (``batch.outcome.profile_hash``). A profile that changes such
    a setting fingerprints differently; one that does not fingerprints as before the setting existed."""
    if not is_dataclass(obj) or isinstance(obj, type):
        return repr(obj)
    parts = []
    for f in fields(obj):
        if not f.repr:
            continue
        value = getattr(obj, f.name)
        if f.metadata.get("fingerprint") == "when_set" and value == _default(f):
            continue
        parts.append(f"{f.name}={fingerprint(value)}")
    return f"{type(obj).__qualname__}({', '.join(parts)})"


def _default(f: Field[object]) -> object:
    return f.default_factory() if f.default is MISSING and f.default_factory is not MISSING else f.default


# what a profile file holds (TOML): tables of strings, numbers, booleans, dates, arrays, tables
TomlValue = str | int | float | bool | date | time | list["TomlValue"] | dict[str, "TomlValue"]
TomlTable = dict[str, TomlValue]
T = typing.TypeVar("T", bound="DataclassInstance")


def _merge(base: TomlTable, over: TomlTable) -> TomlTable:
    out = dict(base)
    for k, v in over.items():
        old = out.get(k)
        out[k] = _merge(old, v) if isinstance(v, dict) and isinstance(old, dict) else v
    return out


def _check_type(value: object, tp: object, where: str) -> None:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if not any(_type_ok(value, a) for a in typing.get_args(tp)):
            raise ProfileError(f"{where}: expected {tp}, got {type(value).__name__}")
        return
    if not _type_ok(value, tp):
        raise ProfileError(f"{where}: expected {getattr(tp, '__name__', tp)}, got {type(value).__name__}")


def _type_ok(value: object, tp: object) -> bool:
    if tp is type(None):
        return value is None
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is int:  # a bool is an int to Python, never to a profile
        return isinstance(value, int) and not isinstance(value, bool)
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return isinstance(value, list) and all(_type_ok(v, item) for v in value)
    if origin is dict:
        k, v = typing.get_args(tp)
        return isinstance(value, dict) and all(_type_ok(a, k) and _type_ok(b, v) for a, b in value.items())
    return isinstance(value, tp)  # type: ignore[arg-type]


def _build(cls: type[T], data: TomlTable, where: str) -> T:
    hints = typing.get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ProfileError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(known))}"
        )
    kwargs: dict[str, object] = {}
    for name, value in data.items():
        tp = hints[name]
        if isinstance(tp, type) and is_dataclass(tp):
            if not isinstance(value, dict):
                raise ProfileError(f"{where}.{name}: expected a table")
            kwargs[name] = _build(tp, value, f"{where}.{name}")
        else:
            _check_type(value, tp, f"{where}.{name}")
            kwargs[name] = float(value) if tp is float and isinstance(value, int | float) else value  # checked above
    return cls(**kwargs)


def shipped_profiles() -> dict[str, Traversable]:
    """Profile name -> its TOML resource inside the package."""
    return {x.name.removesuffix(".toml"): x for x in CONFIG_DIR.iterdir() if x.name.endswith(".toml")}


def user_profile_dir() -> Path:
    """Where the user's own profiles live (``pipeline profile draft`` writes there)."""
    env = os.environ.get(PROFILE_DIR_ENV)
    if env and env.strip():
        return Path(env)
    from platformdirs import user_config_dir

    # named for the distribution, like the cache directory (settings.cache): pipeline/__init__,
    # which every layer may read, not the sibling settings.cache (the layers contract)
    return Path(user_config_dir(DISTRIBUTION, appauthor=False)) / "profiles"


def user_profile_files() -> dict[str, Path]:
    """Every ``*.toml`` in the user profile directory, by name (shipped names included: see
    ``user_profiles``)."""
    d = user_profile_dir()
    return {p.stem: p for p in sorted(d.glob("*.toml")) if p.is_file()} if d.is_dir() else {}


def user_profiles() -> dict[str, Path]:
    """The user's own profiles by name; a name a shipped profile has is not one (the shipped one
    is meant wherever that name is used: ``pipeline profiles`` says so)."""
    shipped = shipped_profiles()
    return {name: p for name, p in user_profile_files().items() if name not in shipped}


def profile_path(name_or_path: str) -> Path | Traversable:
    p = Path(name_or_path)
    if p.suffix == ".toml" and p.exists():
        return p
    shipped = shipped_profiles()
    if name_or_path in shipped:
        return shipped[name_or_path]
    own = user_profiles()
    if name_or_path in own:
        return own[name_or_path]
    raise ProfileError(f"unknown profile {name_or_path!r}; available: {', '.join(sorted({*shipped, *own}))}"
                       f" (your own go in {user_profile_dir()})")


def load_profile_data(name_or_path: str) -> TomlTable:
    path = profile_path(name_or_path)
    with path.open("rb") as f:
        try:
            data = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"profile {name_or_path!r} ({path}) is not valid TOML: {exc}") from None
    stem = path.name.removesuffix(".toml")
    parent = data.pop("extends", None if stem == "default" else "default")
    if parent:
        if not isinstance(parent, str):
            raise ProfileError(f"{path}: extends = {parent!r} is not a profile name")
        data = _merge(load_profile_data(parent), data)
    data.setdefault("name", stem)
    return data


_CACHE: dict[str, Profile] = {}
# pseudo-profile name: pick, per document, the profile of the organisation it names, else default
AUTO = "auto"


def _auto_data() -> TomlTable:
    """The default profile under the name "auto"; its description fingerprints every shipped and
    user profile, so editing one re-extracts documents run with auto-selection (batch keys on the
    profile's hash)."""
    every = [*sorted(shipped_profiles().items()), *sorted(user_profiles().items())]
    digest = hashlib.sha256(b"".join(t.read_bytes() for _, t in every)).hexdigest()
    data = load_profile_data("default")
    data["description"] = f"the profile of the organisation the document names, else default (profiles {digest[:12]})"
    return data


def load_profile(name_or_path: str = AUTO) -> Profile:
    """Load a profile by name (pipeline/configs/NAME.toml) or path; merged over default.toml.

    "auto" is the default profile marked for per-document selection (``identity.select_profile``)."""
    if name_or_path not in _CACHE:
        data = _auto_data() if name_or_path == AUTO else load_profile_data(name_or_path)
        data["name"] = Path(name_or_path).stem if name_or_path.endswith(".toml") else name_or_path
        _CACHE[name_or_path] = _build(Profile, data, f"profile {name_or_path!r}")
    return _CACHE[name_or_path]


def profile_from_dict(data: TomlTable, name: str = "inline") -> Profile:
    """Build a profile from a dict merged over default.toml (tests, programmatic use)."""
    merged = _merge(load_profile_data("default"), data)
    merged["name"] = name
    return _build(Profile, merged, f"profile {name!r}")


def organisation_profiles() -> tuple[Profile, ...]:
    """Profiles that belong to an organisation (``report.organisation_code`` set): the user's own
    first, so a user's profile of an organisation wins over a shipped one."""
    own = user_profiles()
    return _organisation_profiles(tuple((name, p.stat().st_mtime_ns) for name, p in own.items()))


@lru_cache(maxsize=4)  # asked for every document; profiles are loaded once, as load_profile caches them
def _organisation_profiles(own: tuple[tuple[str, int], ...]) -> tuple[Profile, ...]:
    names = [name for name, _ in own] + [n for n in sorted(shipped_profiles()) if n != "default"]
    return tuple(p for p in (load_profile(n) for n in names) if p.report.organisation_code)


@dataclass(frozen=True)
class ProfileSummary:
    name: str
    organisation: str  # "code name", or ""
    description: str
    location: str  # "shipped", or the file of a user's own profile
    note: str = ""  # why a user's file is not used


def profile_summaries() -> list[ProfileSummary]:
    """"auto", every shipped profile, then the user's own (and user files a shipped name hides)."""
    def summary(name: str, location: str) -> ProfileSummary:
        try:
            p = load_profile(name)
        except ProfileError as exc:  # a user's file with an error: listed, with the error
            return ProfileSummary(name, "", "", location, f"not used: {exc}")
        org = f"{p.report.organisation_code} {p.report.organisation_name}".strip()
        return ProfileSummary(name, org, p.description, location)

    rows = [ProfileSummary(AUTO, "", load_profile(AUTO).description, "shipped")]
    rows += [summary(name, "shipped") for name in sorted(shipped_profiles())]
    own = user_profiles()
    for name, path in user_profile_files().items():
        if name in own:
            rows.append(summary(name, str(path)))
        else:
            rows.append(ProfileSummary(name, "", "", str(path), "not used: a shipped profile has this name; rename it"))
    return rows
