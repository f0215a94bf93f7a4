"""The catalog: every kata and its metadata, in learning order, validated on load."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
DIFFICULTIES = ("easy", "medium", "hard")
CODE_KIND = "code"
TESTS_KIND = "tests"
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DEFAULT_MEMORY_MB = 768  # what Gradescope gives a whole submission; every solution fits
KATA_KEYS = frozenset(
    {
        "slug",
        "title",
        "track",
        "difficulty",
        "points",
        "concepts",
        "hints",
        "docs",
        "files",
        "timeout",
        "memory_mb",
        "interview",
        "kind",
        "target",
        "failing_warnings",
    }
)


class CatalogError(Exception):
    """The catalog file is missing, unreadable or does not follow the format."""


@dataclass(frozen=True)
class Track:
    id: str
    title: str


@dataclass(frozen=True)
class Interview:
    question: str
    answer: str
    wrong_answers: tuple[str, ...]


@dataclass(frozen=True)
class Kata:
    slug: str
    title: str
    track: str
    difficulty: str
    points: int
    concepts: tuple[str, ...]
    hints: tuple[str, ...]
    docs: tuple[str, ...]
    interview: Interview
    files: tuple[str, ...]
    timeout: float | None  # seconds per unit; None: measured (pykata.limits)
    memory_mb: int
    kind: str = CODE_KIND
    target: str | None = None
    # pytest warning filters (``error:...``) whose warning proves one of this kata's rules broken
    failing_warnings: tuple[str, ...] = ()

    @property
    def shipped_files(self) -> tuple[str, ...]:
        """Every file of the kata under ``katas/``: the learner's, and a module under test."""
        return (*self.files, self.target_file) if self.target_file else self.files

    @property
    def target_file(self) -> str | None:
        """For a kata whose learner writes tests: the module under test, shipped complete."""
        return f"{self.target}.py" if self.target else None

    @property
    def module_file(self) -> str:
        """The file the learner edits first (and the one a syntax error is reported for)."""
        return self.files[-1] if self.files[-1].endswith(".pyi") else self.files[0]


@dataclass(frozen=True)
class Catalog:
    tracks: tuple[Track, ...]
    katas: tuple[Kata, ...]

    def get(self, slug: str) -> Kata:
        for kata in self.katas:
            if kata.slug == slug:
                return kata
        known = ", ".join(k.slug for k in self.katas)
        close = difflib.get_close_matches(slug, [kata.slug for kata in self.katas], n=1)
        if close:
            raise CatalogError(f"no kata named {slug!r}: did you mean {close[0]!r}?")
        raise CatalogError(f"no kata named {slug!r}; known katas: {known}")

    def track_title(self, track_id: str) -> str:
        return next(t.title for t in self.tracks if t.id == track_id)

    def select(self, slugs: list[str]) -> tuple[Kata, ...]:
        """The named katas in catalog order, or all of them when none is named."""
        if not slugs:
            return self.katas
        wanted = {self.get(slug).slug for slug in slugs}
        return tuple(k for k in self.katas if k.slug in wanted)


def load_catalog(path: Path) -> Catalog:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path}: not valid TOML: {error}") from None
    return parse_catalog(raw, source=str(path))


def parse_catalog(raw: dict[str, Any], source: str = "catalog") -> Catalog:
    if raw.get("format") != FORMAT_VERSION:
        raise CatalogError(
            f"{source}: `format = {FORMAT_VERSION}` expected, found {raw.get('format')!r}"
        )
    tracks = tuple(
        _parse_track(t, f"{source}: [[track]] #{i + 1}")
        for i, t in enumerate(_list_of_tables(raw, "track", source))
    )
    track_ids = [t.id for t in tracks]
    _reject_duplicates(track_ids, f"{source}: track id")
    katas = tuple(
        _parse_kata(k, f"{source}: [[kata]] #{i + 1}", track_ids)
        for i, k in enumerate(_list_of_tables(raw, "kata", source))
    )
    _reject_duplicates([k.slug for k in katas], f"{source}: kata slug")
    return Catalog(tracks=tracks, katas=katas)


def _list_of_tables(raw: dict[str, Any], key: str, source: str) -> list[dict[str, Any]]:
    tables = raw.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise CatalogError(f"{source}: `{key}` must be an array of tables ([[{key}]])")
    return tables


def _reject_duplicates(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise CatalogError(f"{what} {value!r} appears twice")
        seen.add(value)


def _parse_track(table: dict[str, Any], where: str) -> Track:
    return Track(id=_string(table, "id", where), title=_string(table, "title", where))


def _parse_kata(table: dict[str, Any], where: str, track_ids: list[str]) -> Kata:
    slug = _string(table, "slug", where)
    where = f"{where} ({slug})"
    if not SLUG_PATTERN.match(slug):
        raise CatalogError(f"{where}: slug must be a lowercase Python identifier")
    track = _string(table, "track", where)
    if track not in track_ids:
        raise CatalogError(f"{where}: track {track!r} is not one of {track_ids}")
    difficulty = _string(table, "difficulty", where)
    if difficulty not in DIFFICULTIES:
        raise CatalogError(f"{where}: difficulty must be one of {DIFFICULTIES}")
    points = table.get("points")
    if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
        raise CatalogError(f"{where}: points must be a positive integer")
    hints = _strings(table, "hints", where)
    if len(hints) < 2:
        raise CatalogError(f"{where}: at least two hints are required")
    docs = _strings(table, "docs", where)
    if not docs or not all(d.startswith("https://") for d in docs):
        raise CatalogError(f"{where}: docs must list https:// links")
    files = _strings(table, "files", where) if "files" in table else (f"{slug}.py",)
    timeout = table.get("timeout")
    if timeout is not None and (not isinstance(timeout, int | float) or timeout <= 0):
        raise CatalogError(f"{where}: timeout must be a positive number of seconds")
    memory_mb = table.get("memory_mb", DEFAULT_MEMORY_MB)
    if not isinstance(memory_mb, int) or isinstance(memory_mb, bool) or memory_mb < 256:
        raise CatalogError(f"{where}: memory_mb must be a whole number of at least 256")
    kind = table.get("kind", CODE_KIND)
    if kind not in (CODE_KIND, TESTS_KIND):
        raise CatalogError(f"{where}: kind must be {CODE_KIND!r} or {TESTS_KIND!r}")
    target = table.get("target")
    has_target = isinstance(target, str) and bool(SLUG_PATTERN.match(target))
    if (kind == TESTS_KIND) != has_target or (target is not None and not has_target):
        raise CatalogError(
            f"{where}: a kata of kind 'tests' names its module under test in `target` "
            "(a module name), and only such a kata does"
        )
    failing_warnings = (
        _strings(table, "failing_warnings", where) if "failing_warnings" in table else ()
    )
    if not all(f.startswith("error:") and f.count(":") >= 2 for f in failing_warnings):
        raise CatalogError(
            f"{where}: failing_warnings are pytest warning filters that start `error:`, "
            "e.g. 'error:.*on_event.*:DeprecationWarning'"
        )
    unknown = set(table) - KATA_KEYS
    if unknown:
        raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
    return Kata(
        slug=slug,
        title=_string(table, "title", where),
        track=track,
        difficulty=difficulty,
        points=points,
        concepts=_strings(table, "concepts", where),
        hints=hints,
        docs=docs,
        interview=_parse_interview(table.get("interview"), where),
        files=files,
        timeout=None if timeout is None else float(timeout),
        memory_mb=memory_mb,
        kind=kind,
        target=target,
        failing_warnings=failing_warnings,
    )


def _parse_interview(table: object, where: str) -> Interview:
    if not isinstance(table, dict):
        raise CatalogError(f"{where}: a [kata.interview] table is required")
    where = f"{where} interview"
    wrong_answers = _strings(table, "wrong_answers", where)
    if not wrong_answers:
        raise CatalogError(f"{where}: list at least one common wrong answer")
    return Interview(
        question=_string(table, "question", where),
        answer=_string(table, "answer", where).strip(),
        wrong_answers=wrong_answers,
    )


def _string(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: `{key}` must be a non-empty string")
    return value


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogError(f"{where}: `{key}` must be a list of non-empty strings")
    return tuple(value)
