"""The PDF reader's tolerances, one group per step of ``pipeline.read.pdf`` (``[read.pdf.<group>]``
of a profile; ``[read]`` itself keeps the gaps, margins and mark size a template tunes most).

Lengths are in pt, or in em (multiples of the font size) where the name ends in ``_em``; shares
are 0..1 of the thing named. Defaults are what the reader was tuned on (the samples, the
rendering matrix and the real corpus); a profile overrides any of them key by key, and a key
that is not here is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TextSettings:
    """chars -> glyphs -> words -> lines (``glyphs``, ``objects``, ``layout``)."""

    # typical descent of a text font, for fonts whose descriptor gives none
    descent_em: float = 0.22
    # a glyph whose vertical centre is this close to a line's joins it (a mark glyph in a bigger
    # font sits a little off the text beside it)
    line_centre_tolerance_em: float = 0.35
    # a horizontal gap wider than this splits a word
    word_gap_em: float = 0.2
    # a space glyph breaks a word only when the next glyph starts at least this far after the
    # last one (Chromium draws zero-advance spaces at hyphenation points: "kons" " " "tom")
    space_min_advance_em: float = 0.1
    # a mark glyph is a word of its own when a gap wider than this separates it from its neighbour
    mark_gap_tolerance: float = 0.5
    # a char box bottom this close to the baseline means the font declared no descent
    baseline_tolerance: float = 0.01
    # a dash is a bullet when a tab stop wider than this follows it
    bullet_gap_em: float = 0.6
    # a page is read turned when more than this share of its glyphs runs in one other direction
    # (a landscape table drawn sideways on an upright page); a few sideways labels are not
    turned_text_share: float = 0.5


@dataclass(frozen=True, slots=True)
class PageSettings:
    """One page -> its layout (``pages``)."""

    # a light table's right edge is at most this far from the page edge
    right_margin: float = 40.0
    # words this close in height are on the running footer's line
    footer_line_tolerance: float = 3.0
    # a mark this close outside a table's box belongs to the table
    table_box_tolerance: float = 1.0
    # Form XObjects drawn inside Form XObjects are followed this deep (real pages: a few levels);
    # a page nesting them deeper is refused, so a deep chain cannot hide a stream from the budget.
    # The first look (triage) counts objects in forms as deep.
    max_form_depth: int = 32


@dataclass(frozen=True, slots=True)
class GridSettings:
    """Ruled grids and light tables (``grids``)."""

    # white space (em) between two lines of a light table that no wrapped cell text leaves
    row_gap_em: float = 0.6
    # drawn lines thinner than this are rules
    rule_thickness_max: float = 1.5
    # rects thinner than this are rules too
    thin_rect_max: float = 2.0
    # rule ends and positions this close belong to one grid line
    grid_tolerance: float = 2.0
    # a vertical gap wider than this ends a light table
    light_table_break_em: float = 2.5
    # text starting this close to a column start is in that column
    column_tolerance_em: float = 0.5
    # a single-segment line continues a light table's cell only within this multiple of the
    # paragraph gap (``[read] paragraph_gap_em``)
    wrapped_line_gap_factor: float = 1.5
    # margin around a light table's first column
    first_column_margin: float = 2.0
    # margin around each light-table row's box
    row_box_margin: float = 1.0
    # rows set apart by padding: the narrowest gap between rows exceeds the widest between wrapped
    # lines by at least this many em
    padding_step_em: float = 0.3
    # a line below a header of known column names belongs to its table while its text is this close
    # (pt) to the header's size (a heading after the table is larger)
    header_led_size_step: float = 0.75


@dataclass(frozen=True, slots=True)
class BandSettings:
    """Tables drawn without column rules: rows from rules and fills, columns from gutters (``bands``)."""

    # edges whose ends are this close belong to one table; edge positions this close are one edge
    edge_tolerance: float = 2.0
    # a fill at least this high is a row's or cell's shade, not a rule
    min_fill_height: float = 4.0
    # a row's text sits at most this far from its top and bottom edge (cell padding); a heading
    # or paragraph between two tables leaves more
    row_padding_em: float = 1.3
    # a gutter (column boundary) is at least this wide, wider than a word space
    min_gutter: float = 4.0
    # share of rows allowed to cross a gutter (spanning rows: Kommentar, sub-headers)
    span_row_share: float = 0.2
    # under a shaded or bold header row, the share of rows that may cross a gutter
    header_span_row_share: float = 0.5
    # a lone row (a table's header or last row on its own page) needs this many columns to be a table
    single_row_min_columns: int = 3
    # a vertical gap between two lines of one row is at most this (wrapped cell text)
    row_line_gap_em: float = 0.8
    # gap between two words of a header line that puts them in separate cells
    header_cell_gap_em: float = 1.0
    # lines of one cell follow each other closer than this; a paragraph after the table is further
    wrapped_line_gap_em: float = 0.6
    # an empty, unfilled interval taller than this (em of the table's text) between a filled row
    # and the next fill is white space between two tables; a rule under a fill leaves a sliver
    table_gap_em: float = 2.0
    # resolution of the gutter search
    gutter_step: float = 0.5


@dataclass(frozen=True, slots=True)
class CellSettings:
    """The words and marks inside one cell's box -> its text and marks (``cells``)."""

    # a wrapped line ending this close to the column's right edge filled the column
    edge_tolerance_em: float = 0.6
    # a cell's inner left padding, assumed when it has no text
    cell_padding_default: float = 3.0
    # the plausible range of a cell's measured inner left padding
    cell_padding_min: float = 1.0
    cell_padding_max: float = 8.0
    # a word whose centre is this close outside a box still belongs to it (also a legend mark
    # beside its label, the rest of a cell at the top of the next page)
    inside_tolerance: float = 1.0
    # a cell's own fill lies within the cell's box, give or take this much on each side ...
    fill_tolerance: float = 3.0
    # ... and covers at least this share of the box's area
    fill_min_cover: float = 0.6
    # a filled rect smaller than this on either side is a rule or a mark, never a cell's fill
    fill_min_side: float = 4.0


@dataclass(frozen=True, slots=True)
class ShapeSettings:
    """Small curves, rects and images -> marks, progress bars and figures (``shapes``)."""

    # paths narrower than this are no mark
    min_mark_extent: float = 0.5
    # a curve is a mark from this size, a rect from ``min_rect_mark``
    min_curve_mark: float = 2.0
    min_rect_mark: float = 3.0
    # a square-ish rect mark's width/height ratio stays within this factor
    max_mark_aspect: float = 1.6
    # an image this many times the mark size (``[read] max_mark_size``) is a figure
    figure_min_marks: float = 3.0
    # vector paths are rasterised at this size (pixels, longer side) to be judged like icons
    shape_raster_size: int = 32
    # a vector icon's width/height ratio stays within this factor
    max_icon_aspect: float = 3.0
    # at most this many vector icons a page are rasterised (a page of chart markers is a chart)
    max_vector_icons: int = 200
    # Bézier segments are flattened into this many straight pieces
    bezier_steps: int = 8
    # thinnest stroke a rasterised path is drawn with (PDF line width 0 = thinnest visible)
    min_stroke_width: float = 0.5
    # icons are downscaled to at most this many pixels a side
    icon_max_pixels: int = 64
    # paper: near-white pixels (HSV value above this, saturation below the next) are not ink
    paper_min_value: float = 0.92
    paper_max_saturation: float = 0.08
    # progress bars: at least this many times as wide as high ...
    bar_min_aspect: float = 3.0
    # ... at most this wide ...
    bar_max_width: float = 160.0
    # ... and at least this high (thinner is a rule)
    bar_min_height: float = 3.0
    # a filled rect narrower than this (pt) in black or grey is a cell's border drawn as a rect,
    # never part of a bar (a table that fills a status cell in colour draws its rules beside it)
    bar_rule_max_width: float = 1.2
    # a bar's parts share their top and bottom within this tolerance, and touch within it
    bar_edge_tolerance: float = 0.6
    # a vector bar is sampled at this many points along its length
    bar_samples: int = 200
    # two colours of a bar closer than this (RGB distance, 0-441) are one colour
    bar_same_colour: float = 60.0
    # a bar's frame: same-coloured end runs each at most this share of the length
    bar_frame_max_share: float = 0.06
    # a fill counts as a row's shade when it covers the cell within this tolerance
    shade_tolerance: float = 2.0


@dataclass(frozen=True, slots=True)
class MaskSettings:
    """Pixel masks -> shape names (``masks``); shares of the mark's box unless said otherwise."""

    # fill ratio of the ink's box above which a mark is a square
    square_min_fill: float = 0.9
    # ... and above which it is a circle
    circle_min_fill: float = 0.68
    # an arrow's stem is at most this share of its widest part ...
    arrow_stem_max_width: float = 0.6
    # ... and its width varies by at most this share of it
    arrow_stem_wobble: float = 0.1
    # enclosed paper (holes) above this share of the silhouette makes a mark hollow or a symbol disc
    hole_min_share: float = 0.04
    # an outline (ring, open square/diamond): paper at the centre and at ``outline_min_probes``
    # of 8 probes this far (share of the half-size) from it
    outline_probe_radius: float = 0.45
    outline_min_probes: int = 7
    # diagonal probes nearer the centre (this share of the radius): a diamond's inside is narrow there
    outline_diagonal_share: float = 0.6
    # probe windows for corners, edge midpoints and the centre
    probe_window: float = 0.15
    # a half-filled circle: one half at least this much ink ...
    half_full: float = 0.85
    # ... the other at most this much ...
    half_empty: float = 0.6
    # ... and at least this share of the paper inside lies in the empty half
    half_hole_share: float = 0.9
    # a cross's ink near its corners is looked for in windows this big
    cross_corner_window: float = 0.25
    # a play triangle's left third is at least this many times as tall as its right third
    play_min_taper: float = 1.8
    # symbols inside a disc: pause bars are this many times taller than wide ...
    pause_min_aspect: float = 1.5
    # ... a minus this many times wider than tall
    minus_min_aspect: float = 2.0
    # hole pieces smaller than this share of all enclosed paper are anti-aliasing specks
    hole_speck_share: float = 0.05


@dataclass(frozen=True, slots=True)
class FlowSettings:
    """Document-level flow: furniture, heading styles, paragraphs, legend lines, page breaks (``flow``)."""

    # running header/footer lines are matched in vertical bands of this height
    furniture_band: float = 6.0
    # a bold line is a heading style when at most this much smaller than body text
    bold_heading_size_tolerance: float = 0.25
    # a line left of a list item's text by more than this ends the item
    list_indent_tolerance: float = 2.0
    # a legend mark sits at most this far left of its label
    legend_mark_gap_em: float = 3.0
    # the rest of a cell that a page break left alone is a few words at most
    cell_rest_max_words: int = 12
    # lines read after a legend heading
    legend_max_lines: int = 12
    # the longest line of trend arrows with their meanings
    legend_arrow_line_max_words: int = 12


@dataclass(frozen=True, slots=True)
class TriageSettings:
    """When a page is a drawing or a map, read for its text only (``triage``: the first look)."""

    # vector objects from which a page may be a drawing or map (a report page with tables and
    # icons draws a few thousand at most; a building drawing tens of thousands)
    min_drawing_paths: int = 20_000
    # more characters per vector object than this: text and tables, read in full
    max_chars_per_path: float = 0.25
    # share of (sampled) vector objects that are filled areas from which a drawing is a map
    map_min_fill_share: float = 0.03
    # a page (or form) of more objects than this is counted from a sample of this many: its
    # counts are estimates, close enough to tell a drawing (0.2 s saved on 60,000 objects)
    sampled_objects: int = 10_000


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Every tolerance of the PDF reader, by step."""

    # text this much larger than body text is a heading style (flow), and text this much larger
    # than a table's first row is a heading between two tables, not a row (bands)
    heading_size_step: float = 0.75
    text: TextSettings = field(default_factory=TextSettings)
    pages: PageSettings = field(default_factory=PageSettings)
    grids: GridSettings = field(default_factory=GridSettings)
    bands: BandSettings = field(default_factory=BandSettings)
    cells: CellSettings = field(default_factory=CellSettings)
    shapes: ShapeSettings = field(default_factory=ShapeSettings)
    masks: MaskSettings = field(default_factory=MaskSettings)
    flow: FlowSettings = field(default_factory=FlowSettings)
    triage: TriageSettings = field(default_factory=TriageSettings)
