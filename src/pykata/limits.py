"""Time limits from measurement: a unit may take a small multiple of what the reference
solution took, never less than a floor, and a kata's units together are capped.

``kata verify`` times each kata's reference solution (the slowest of its units, wall clock,
under verify's own load) and records it in ``tests/timings.json`` (generated). A kata's
``timeout`` in the catalog overrides the measured limit. The import of the learner's module
has its own short limit in CPU seconds (``RLIMIT_CPU``), so a module that spins at import costs
seconds, once per kata, however busy the machine is.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from pykata.catalog import Kata
from pykata.project import Project

TIMINGS_FILE = Path("tests") / "timings.json"
MULTIPLE = 4.0  # room for a slower correct answer and a loaded machine
FLOOR_SECONDS = 5.0
UNMEASURED_SECONDS = 30.0  # a kata verify has not timed yet
KATA_CAP_SECONDS = 120.0  # all of a kata's units together
IMPORT_CPU_SECONDS = 4  # CPU seconds to import the learner's module (the kernel enforces it)
PRELOAD_THRESHOLD = 2  # more units than this: the worker preloads the heavy libraries


def load_timings(project: Project) -> dict[str, float]:
    try:
        data = json.loads((project.root / TIMINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        slug: float(seconds)
        for slug, seconds in data.items()
        if isinstance(seconds, int | float) and math.isfinite(seconds) and seconds > 0
    }


def write_timings(project: Project, measured: dict[str, float]) -> None:
    """Record these katas' measured seconds (others are kept)."""
    listed = {kata.slug for kata in project.catalog.katas}
    merged = {**load_timings(project), **measured}
    data = {slug: round(merged[slug], 2) for slug in sorted(merged) if slug in listed}
    (project.root / TIMINGS_FILE).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def unit_limit(kata: Kata, measured: float | None, units: int) -> float:
    """Seconds one unit of ``kata`` may take, when it has ``units`` units."""
    if kata.timeout is not None:
        return kata.timeout
    limit = max(FLOOR_SECONDS, MULTIPLE * measured) if measured else UNMEASURED_SECONDS
    return min(limit, max(FLOOR_SECONDS, KATA_CAP_SECONDS / units))
