"""Archive strays (issue 25): a one-page building drawing and a one-page detailed-plan map, as a
municipality's document archive holds them beside its reports. Each has tens of thousands of
vector objects and a few thousand characters of labels: what the page triage must read cheaply.

Deterministic (a seeded generator, reportlab's invariant mode): regenerating gives the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A1, A3, landscape
from reportlab.pdfgen import canvas

DRAWING_SEGMENTS = 52_000  # stroked line segments: walls, hatching, dimension lines
MAP_PARCELS = 2_600  # filled polygons (property parcels)
MAP_HATCH = 60_000  # hatching strokes of the plan's zones
SEED = 25


def _title_block(c: canvas.Canvas, x: float, y: float, rows: list[tuple[str, str]]) -> None:
    """A drawing's title block: label/value rows in a ruled box."""
    c.setLineWidth(0.5)
    c.rect(x, y, 260, 14 * len(rows))
    for i, (label, value) in enumerate(rows):
        yy = y + 14 * i
        c.line(x, yy, x + 260, yy)
        c.setFont("Helvetica", 6)
        c.drawString(x + 3, yy + 4, label)
        c.setFont("Helvetica-Bold", 8)
        c.drawString(x + 90, yy + 4, value)


def build_drawing(out: Path) -> None:
    """A floor plan: walls as double lines, hatched cut walls, dimension chains with labels."""
    rng = random.Random(SEED)
    w, h = landscape(A3)
    c = canvas.Canvas(str(out), pagesize=(w, h), pageCompression=1)
    c.setTitle("Bygglov - planritning plan 1")
    c.setLineWidth(0.15)
    for _ in range(DRAWING_SEGMENTS):
        x, y = rng.uniform(30, w - 300), rng.uniform(30, h - 30)
        if rng.random() < 0.5:
            c.line(x, y, x + rng.uniform(2, 40), y)
        else:
            c.line(x, y, x + rng.uniform(-3, 3), y + rng.uniform(2, 40))
    c.setFont("Helvetica", 5)
    rooms = ("SOV", "KÖK", "VARDAGSRUM", "BAD", "KLK", "HALL", "FÖRR", "TVÄTT", "WC", "ENTRÉ")
    for i in range(260):  # dimension figures and room names
        c.drawString(rng.uniform(30, w - 320), rng.uniform(30, h - 40),
                     f"{rng.choice(rooms)} {rng.randint(4, 40)},{rng.randint(0, 9)} m² {i + 1:03d}")
    _title_block(c, w - 280, 30, [
        ("Ritningsnummer", "A-40.1-101"), ("Skala", "1:100 (A3)"), ("Datum", "2026-03-14"),
        ("Handläggare", "Arkitektkontoret AB"), ("Fastighet", "ALINGSÅS KLOCKAREN 4"),
        ("Ärende", "Bygglov nybyggnad enbostadshus"), ("Ritning", "PLANRITNING PLAN 1"),
    ])
    c.showPage()
    c.save()


def _parcel(rng: random.Random, cx: float, cy: float) -> list[tuple[float, float]]:
    n = rng.randint(4, 7)
    return [(cx + rng.uniform(6, 18) * ((k * 2 // n) * 2 - 1), cy + rng.uniform(-14, 14)) for k in range(n)]


def build_map(out: Path) -> None:
    """A detailed plan: filled parcels with numbers, hatched zones, street names, a legend."""
    rng = random.Random(SEED + 1)
    w, h = landscape(A1)
    c = canvas.Canvas(str(out), pagesize=(w, h), pageCompression=1)
    c.setTitle("Detaljplan för Klockaren 4 m.fl. - plankarta")
    c.setLineWidth(0.2)
    greens = ((0.85, 0.93, 0.80), (0.95, 0.90, 0.75), (0.90, 0.85, 0.92), (0.98, 0.96, 0.70))
    for _ in range(MAP_PARCELS):
        pts = _parcel(rng, rng.uniform(40, w - 380), rng.uniform(40, h - 40))
        c.setFillColorRGB(*rng.choice(greens))
        p = c.beginPath()
        p.moveTo(*pts[0])
        for pt in pts[1:]:
            p.lineTo(*pt)
        p.close()
        c.drawPath(p, stroke=1, fill=1)
    c.setStrokeColorRGB(0.4, 0.4, 0.4)
    for _ in range(MAP_HATCH):
        x, y = rng.uniform(40, w - 380), rng.uniform(40, h - 40)
        c.line(x, y, x + 6, y + 6)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 5)
    for i in range(420):  # parcel numbers
        c.drawString(rng.uniform(40, w - 390), rng.uniform(40, h - 50), f"KLOCKAREN {i + 1}")
    c.setFont("Helvetica-Oblique", 9)
    for name in ("Kungsgatan", "Stora Torget", "Lilla Torget", "Prästgårdsgatan", "Kyrkogatan", "Ågatan"):
        c.drawString(rng.uniform(40, w - 420), rng.uniform(40, h - 60), name)
    c.setFont("Helvetica", 7)
    legend = ("B Bostäder", "C Centrum", "GATA Lokalgata", "PARK Park", "e1 Största byggnadsarea 200 m²",
              "f1 Byggnad ska placeras i gatuliv", "Planområdesgräns", "Egenskapsgräns", "Användningsgräns")
    for k, line in enumerate(legend):
        c.drawString(w - 360, h - 80 - 12 * k, line)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(w - 360, h - 60, "DETALJPLAN FÖR KLOCKAREN 4 M.FL.")
    c.setFont("Helvetica", 7)
    c.drawString(w - 360, 60, "Alingsås kommun, Samhällsbyggnadsförvaltningen. Antagen 2026-02-18.")
    c.showPage()
    c.save()


BUILDERS = {"drawing-bygglov-planritning.pdf": build_drawing, "map-detaljplan-plankarta.pdf": build_map}


def build_all(out_dir: Path, only: str | None = None) -> None:
    rl_config.invariant = 1  # no timestamps or random ids: regenerating gives the same bytes
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        if only and only not in name:
            continue
        build(out_dir / name)
        print(f"{out_dir / name}  {(out_dir / name).stat().st_size // 1024} KB")
