"""Known-wrong variants stored as patches: the reader sees only the mistake.

A variant is ``tests/checks/<slug>/wrong/<name>.diff``: a header saying what is wrong, with a
``Breaks: N`` line (the stub's rule it breaks) and a ``Caught by: check, ...`` line, followed
by a unified diff from ``solutions/<file>`` to the wrong file. ``verify`` applies the diff to
the current reference solution, exactly (lines that moved are found, changed lines are not);
a diff that no longer applies is reported, never guessed at.
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pykata.checklist import line_numbers

VARIANT_SUFFIX = ".diff"
BREAKS = re.compile(r"^\s*Breaks:\s*(?P<rules>.+)$", re.MULTILINE)
CAUGHT_BY = re.compile(r"^\s*Caught by:\s*(?P<ids>.+)$", re.MULTILINE)
HUNK = re.compile(r"^@@ -(?P<start>\d+)(?:,(?P<length>\d+))? \+\d+(?:,\d+)? @@")


class VariantError(Exception):
    """A variant file that cannot be read or no longer applies to the solution."""


@dataclass(frozen=True)
class Variant:
    path: Path
    header: str
    target: str  # the kata file it replaces, e.g. ``retry.py``
    diff: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def breaks(self) -> tuple[int, ...]:
        return line_numbers(BREAKS, self.header)

    @property
    def caught_by(self) -> list[str]:
        match = CAUGHT_BY.search(self.header)
        return [name.strip() for name in match.group("ids").split(",")] if match else []

    def apply(self, solution: str) -> str:
        return apply_diff(solution, self.diff, self.name)


def read_variant(path: Path) -> Variant:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines[:-1]) if line.startswith("--- ")
         and lines[i + 1].startswith("+++ ")),
        None,
    )  # fmt: skip
    if start is None:
        raise VariantError(
            f"{path.parent.name}/{path.name}: no unified diff (`--- solutions/...` line) found"
        )
    target = Path(lines[start][4:].strip().split("\t")[0]).name
    return Variant(path, "".join(lines[:start]).strip(), target, "".join(lines[start:]))


def make_variant(header: str, target: str, solution: str, wrong: str, kind: str = "wrong") -> str:
    """The text of a variant (or, with ``kind="mutants"``, a mutant) file: the header, then the
    diff from the solution to ``wrong``."""
    diff = difflib.unified_diff(
        solution.splitlines(keepends=True),
        wrong.splitlines(keepends=True),
        f"solutions/{target}",
        f"{kind}/{target}",
        n=2,
    )
    body = "".join(line if line.endswith("\n") else line + "\n" for line in diff)
    return f"{header.strip()}\n\n{body}"


def apply_diff(original: str, diff: str, label: str) -> str:
    """Apply a unified diff exactly: every context and removed line must match, no fuzz.

    Like ``patch``, a hunk whose lines moved (the solution gained or lost lines above it) is
    applied where its lines are, the place nearest the line its header names; so an edit
    elsewhere in the solution does not make every variant stale.
    """
    source = original.splitlines(keepends=True)
    result: list[str] = []
    position = 0
    for stated, hunk in _hunks(diff.splitlines(keepends=True)):
        expected = [_strip(line[1:]) for line in hunk if line[:1] in (" ", "-")]
        start = _locate(source, expected, stated, position)
        if start is None:
            raise VariantError(_mismatch(label, source, hunk, max(stated, position)))
        result.extend(source[position:start])
        position = start
        for line in hunk:
            kind, text = line[:1], line[1:]
            if kind == " ":
                result.append(source[position])
            elif kind == "+":
                result.append(text)
            if kind in (" ", "-"):
                position += 1
    result.extend(source[position:])
    return "".join(result)


def _hunks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Each hunk's stated start (0-based) and its lines, past the ``---``/``+++`` lines."""
    hunks: list[tuple[int, list[str]]] = []
    for line in lines[2:]:
        if header := HUNK.match(line):
            offset = 0 if header.group("length") == "0" else 1
            hunks.append((int(header.group("start")) - offset, []))
        elif hunks and line[:1] in (" ", "-", "+"):
            hunks[-1][1].append(line)
    return hunks


def _locate(source: list[str], expected: list[str], stated: int, earliest: int) -> int | None:
    """Where ``expected`` stands in ``source`` at or after ``earliest``, nearest ``stated``."""
    places = range(earliest, len(source) - len(expected) + 1)
    matches = [p for p in places if [_strip(x) for x in source[p : p + len(expected)]] == expected]
    return min(matches, key=lambda p: (abs(p - stated), p), default=None)


def _mismatch(label: str, source: list[str], hunk: list[str], start: int) -> str:
    """The first line of ``hunk`` that differs from ``source`` read from ``start``."""
    position = start
    for line in hunk:
        if line[:1] not in (" ", "-"):
            continue
        if position >= len(source) or _strip(source[position]) != _strip(line[1:]):
            break
        position += 1
    text = line[1:].rstrip() if hunk else ""
    return (
        f"{label} no longer applies to the solution: line {position + 1} should be "
        f"{text!r}; remake it from the current solution"
    )


def _strip(line: str) -> str:
    return line.rstrip("\r\n")


def variant_from_module(wrong_module: str, solution: str, target: str, kind: str = "wrong") -> str:
    """A variant file from a whole wrong module whose docstring is the variant's header.

    The wrong module's docstring is replaced by the solution's, so the diff shows the mistake
    only.
    """
    header, body = split_docstring(wrong_module)
    if header is None:
        raise VariantError(
            "the wrong module needs a docstring: what is wrong, then `Breaks: N` and "
            "`Caught by: check, ...` lines"
        )
    solution_docstring, _ = split_docstring(solution)
    prefix = solution[: len(solution) - len(split_docstring(solution)[1])]
    wrong = (prefix if solution_docstring is not None else "") + body
    if solution_docstring is None:
        wrong = wrong.lstrip("\n")
    return make_variant(header, target, solution, wrong, kind)


def split_docstring(source: str) -> tuple[str | None, str]:
    """(the module docstring, the source after it); (None, source) when there is none."""
    tree = ast.parse(source)
    first = tree.body[0] if tree.body else None
    if not (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return None, source
    end = first.end_lineno or first.lineno
    lines = source.splitlines(keepends=True)
    return first.value.value.strip(), "".join(lines[end:])
