"""The verdict channel: what a unit reported, as the worker copied it from the unit's pipe.

The parent trusts only records in the order the recorder writes them: ``imported``, then per
test a ``begin`` and its one ``test`` record, then ``done`` (or a single ``import_error`` or
``collect_error``). The first line that breaks this (undecodable, not JSON, an unknown kind, a
field of the wrong type, a test reported twice or without its ``begin``, anything after
``done``) is a problem: the grader then trusts none of the unit's records, and the kata fails
with the problem as its message, never a crash of the grader. Honest code never causes one.
``refused`` records (from the sentinel) may come at any point; they become flags.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_REPORT_BYTES = 16 * 1024 * 1024
FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "imported": {},
    "import_error": {"status": str, "message": str},
    "collect_error": {"message": str},
    "begin": {"nodeid": str},
    "test": {"nodeid": str, "outcome": str, "message": str, "duration": (int, float)},
    "done": {"exit": int},
}
OUTCOMES = ("passed", "failed", "skipped")
ENDINGS = ("done", "import_error")


@dataclass
class UnitReport:
    records: list[dict[str, Any]] = field(default_factory=list)
    problem: str = ""  # why the records stop short of what the file holds
    refused: list[str] = field(default_factory=list)


def read_unit_report(path: Path) -> UnitReport:
    report = UnitReport()
    if not path.exists():
        return report
    with path.open("rb") as handle:
        data = handle.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:
        data = data[:MAX_REPORT_BYTES]
        report.problem = "the checks' report is too large"
    complete = data.split(b"\n")[:-1]
    state = _Sequence()
    for number, line in enumerate(complete, start=1):
        record = _decoded(line)
        if record is not None and record["kind"] == "refused":
            if isinstance(record.get("reason"), str):
                report.refused.append(record["reason"])
            continue
        problem = "not a valid record" if record is None else state.accept(record)
        if problem:
            report.problem = f"the checks' report is not trustworthy from line {number}: {problem}"
            return report
        assert record is not None
        report.records.append(record)
    return report  # ``last`` is empty, or a line cut short by a crash: what came before stands


def _decoded(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    kind = record.get("kind")
    if kind == "refused":
        return record
    fields = FIELDS.get(kind) if isinstance(kind, str) else None
    if fields is None:
        return None
    for name, expected in fields.items():
        value = record.get(name)
        if not isinstance(value, expected) or isinstance(value, bool):
            return None
    if kind == "test" and record["outcome"] not in OUTCOMES:
        return None
    return record


class _Sequence:
    """The order the recorder writes in."""

    def __init__(self) -> None:
        self.open_test: str | None = None
        self.seen: set[str] = set()
        self.ended = False
        self.count = 0

    def accept(self, record: dict[str, Any]) -> str:
        kind = record["kind"]
        if self.ended:
            return f"a {kind} record after the report ended"
        if (kind == "imported") != (self.count == 0) and kind not in ("import_error",):
            return "the report does not start with the module's import"
        self.count += 1
        if kind == "begin":
            if self.open_test is not None or record["nodeid"] in self.seen:
                return f"{record['nodeid']} began twice or inside another test"
            self.open_test = record["nodeid"]
            self.seen.add(record["nodeid"])
        elif kind == "test":
            if record["nodeid"] != self.open_test:
                return f"{record['nodeid']} reported without its begin, or twice"
            self.open_test = None
        elif kind in ENDINGS:
            self.ended = True
        return ""
