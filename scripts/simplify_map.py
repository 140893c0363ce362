"""Builds the console's map of Uttar Pradesh: the 75 district boundaries, simplified and
projected once, offline, into SVG paths (`services/console/data/up_districts.json`).

Source: HindustanTimesLabs/shapefiles, `state_ut/uttarpradesh/district/uttarpradesh_district.json`
(MIT licence, © 2017 Hindustan Times; 75 districts, scraped from the UP government's Srishti
GIS-UP portal and matched to the DataMeet 2011 Census boundaries, CC BY 2.5 India). Run:

    python scripts/simplify_map.py path/to/uttarpradesh_district.json

Every feature is mapped to a district id of `shared/data/districts.yaml` (renamed districts
by their old names); the script fails unless all 75 are found exactly once. Nothing here runs
in the service: it reads the JSON this writes.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.districts import load_districts  # noqa: E402

OUT = ROOT / "services" / "console" / "data" / "up_districts.json"
WIDTH = 1000.0
TOLERANCE_KM = 1.2  # Douglas-Peucker tolerance: invisible at a wall screen's size, 10x fewer points
# The source's names for districts renamed since (or spelt otherwise in our reference data).
RENAMED = {"allahabad": "prayagraj", "faizabad": "ayodhya", "mahamaya-nagar": "hathras",
           "sant-ravi-das-nagar-bhadohi": "bhadohi", "siddharth-nagar": "siddharthnagar",
           "rae-bareli": "raebareli", "shrawasti": "shravasti", "gautam-buddha-nagar": "gautam-buddh-nagar"}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on projected points (kilometres), iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1) or 1e-12
        best, index = 0.0, -1
        for i in range(first + 1, last):
            x0, y0 = points[i]
            distance = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            if distance > best:
                best, index = distance, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """A closed ring, split at the point farthest from its start so that each half has two ends."""
    points = ring[:-1] if ring[0] == ring[-1] else ring
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: math.hypot(points[i][0] - x0, points[i][1] - y0))
    first = simplify(points[: far + 1], tolerance)
    second = simplify([*points[far:], points[0]], tolerance)
    return first + second[1:-1]


def main(source: Path) -> None:
    doc = json.loads(source.read_text(encoding="utf-8"))
    ids = {d.id for d in load_districts()}
    rings: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in doc["features"]:
        name = slug(feature["properties"]["district"])
        district = RENAMED.get(name, name)
        if district not in ids or district in rings:
            raise SystemExit(f"feature {feature['properties']['district']!r}: no district id or twice ({district})")
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings[district] = [ring for polygon in polygons for ring in polygon[:1]]  # outer rings only
    missing = sorted(ids - rings.keys())
    if missing:
        raise SystemExit(f"districts without a boundary: {missing}")
    lons = [x for rs in rings.values() for r in rs for x, _ in r]
    lats = [y for rs in rings.values() for r in rs for _, y in r]
    lat0 = math.radians((min(lats) + max(lats)) / 2)
    km = 111.32  # per degree of latitude; longitude scaled by cos(lat0)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - min(lons)) * km * math.cos(lat0), (max(lats) - lat) * km

    span_x, span_y = project(max(lons), min(lats))
    scale = WIDTH / span_x
    out: dict[str, Any] = {}
    for district, district_rings in sorted(rings.items()):
        parts, area_x, area_y, area = [], 0.0, 0.0, 0.0
        for ring in district_rings:
            points = simplify_ring([project(x, y) for x, y in ring], TOLERANCE_KM)
            svg = [(round(x * scale, 1), round(y * scale, 1)) for x, y in points]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in svg) + "Z")
            for (xa, ya), (xb, yb) in zip(svg, svg[1:] + svg[:1], strict=True):
                cross = xa * yb - xb * ya
                area += cross
                area_x += (xa + xb) * cross
                area_y += (ya + yb) * cross
        out[district] = {"d": "".join(parts), "x": round(area_x / (3 * area), 1), "y": round(area_y / (3 * area), 1)}
    result = {"source": "HindustanTimesLabs/shapefiles (MIT), from Srishti GIS-UP and DataMeet (CC BY 2.5 IN)",
              "viewBox": f"0 0 {WIDTH:g} {round(span_y * scale, 1):g}", "districts": out}
    OUT.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(out)} districts, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
