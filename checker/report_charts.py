"""Geometry for the report's inline SVG charts (numbers only; templates/partials/charts.html.j2 draws them)."""

from __future__ import annotations

GAUGE_WIDTH = 640
GAUGE_LEFT = 10
GAUGE_SPAN = 620


def word_zone(counted: int, band: dict) -> str:
    """below | low_margin | within | high_margin | above."""
    lower, upper = band.get("lower_limit", band["min"]), band.get("upper_limit", band["max"])
    if counted < lower:
        return "below"
    if counted < band["min"]:
        return "low_margin"
    if counted <= band["max"]:
        return "within"
    if counted <= upper:
        return "high_margin"
    return "above"


def word_gauge(wc: dict) -> dict:
    """A horizontal gauge: zones for below, margin, band, margin, above; a marker at the counted words."""
    band = wc["band"]
    counted = int(wc.get("counted") or 0)
    lower, upper = band.get("lower_limit", band["min"]), band.get("upper_limit", band["max"])
    span = max(upper - lower, 1)
    scale_min = max(0, round(min(counted, lower) - span * 0.6, -2))     # whole hundreds, for the end labels
    scale_max = round(max(counted, upper) + span * 0.6, -2)
    scale_max = max(scale_max, scale_min + 100)

    def x(value: float) -> float:
        value = min(max(value, scale_min), scale_max)
        return round(GAUGE_LEFT + GAUGE_SPAN * (value - scale_min) / (scale_max - scale_min), 1)

    zones = [("outside", scale_min, lower), ("margin", lower, band["min"]), ("band", band["min"], band["max"]),
             ("margin", band["max"], upper), ("outside", upper, scale_max)]
    return {
        "width": GAUGE_WIDTH, "counted": counted, "x": x(counted), "zone": word_zone(counted, band),
        "zones": [{"kind": kind, "x": x(a), "w": round(max(x(b) - x(a), 0), 1)} for kind, a, b in zones],
        "ticks_above": [{"x": x(band["min"]), "label": f"{band['min']:,}"},
                        {"x": x(band["max"]), "label": f"{band['max']:,}"}],
        "ticks_below": [{"x": x(lower), "label": f"{lower:,}"}, {"x": x(upper), "label": f"{upper:,}"}],
        "ends": [{"x": GAUGE_LEFT, "anchor": "start", "label": f"{round(scale_min):,}"},
                 {"x": GAUGE_LEFT + GAUGE_SPAN, "anchor": "end", "label": f"{round(scale_max):,}"}],
        "label_x": min(max(x(counted), 70), GAUGE_WIDTH - 70),
        "band": band, "lower": lower, "upper": upper, "margin_pct": round(band.get("margin", 0.1) * 100),
    }


def ac_words_chart(cards: list[dict], blocks: list[dict]) -> dict:
    """One bar per AC (words of evidence), plus the counted words linked to no AC."""
    unmapped = sum(int(b.get("words") or 0) for b in blocks if b.get("counted") and not b.get("criteria"))
    rows = [{"label": f"AC {c['id']}", "words": int(c.get("words") or 0), "status": c["status"],
             "anchor": c["anchor"]} for c in cards]
    rows.append({"label": "No AC", "words": unmapped, "status": None, "anchor": None})
    biggest = max([r["words"] for r in rows] + [1])
    bar_left, bar_span, row_height = 70, 400, 24
    for i, row in enumerate(rows):
        row["y"] = 8 + i * row_height
        row["w"] = round(bar_span * row["words"] / biggest, 1)
        row["text_x"] = bar_left + row["w"] + 6
    return {"rows": rows, "width": 640, "height": 16 + len(rows) * row_height, "bar_left": bar_left,
            "row_height": row_height, "unmapped": unmapped}
