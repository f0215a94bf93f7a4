"""The interview drill: a question, four answers, pick the best-structured one.

Questions live in ``drill/*.toml`` (format 1), validated on load: each has exactly one best
option, every option says why (the best one why it is best, the others what they miss), its
track and katas exist, and no question appears twice. A round asks ``count`` questions, the
ones missed last time first, each with its options shuffled (reproducibly with a seed).
Results are remembered in ``.kata/drill.json``.
"""

from __future__ import annotations

import json
import random
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pykata.project import Project

FORMAT = 1
OPTIONS = 4
DRILL_DIR = "drill"
STATE_FILE = "drill.json"


class DrillError(Exception):
    """A question file that breaks the rules, named with the question."""


@dataclass(frozen=True)
class Option:
    text: str
    why: str
    best: bool


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    track: str
    katas: tuple[str, ...]
    question: str
    chain: str  # the best answer's structure, as a chain of steps
    options: tuple[Option, ...]

    @property
    def best(self) -> Option:
        return next(option for option in self.options if option.best)


@dataclass
class DrillState:
    path: Path
    missed: list[str] = field(default_factory=list)
    answered: dict[str, int] = field(default_factory=dict)
    correct: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, project: Project) -> DrillState:
        path = project.state_dir / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        return cls(
            path,
            missed=[str(q) for q in data.get("missed", [])],
            answered={str(k): int(v) for k, v in data.get("answered", {}).items()},
            correct={str(k): int(v) for k, v in data.get("correct", {}).items()},
        )

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"missed": self.missed, "answered": self.answered, "correct": self.correct}
        self.path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    def record(self, question: Question, right: bool) -> None:
        self.answered[question.id] = self.answered.get(question.id, 0) + 1
        if right:
            self.correct[question.id] = self.correct.get(question.id, 0) + 1
            if question.id in self.missed:
                self.missed.remove(question.id)
        elif question.id not in self.missed:
            self.missed.append(question.id)


def load_questions(project: Project) -> list[Question]:
    questions: list[Question] = []
    for path in sorted((project.root / DRILL_DIR).glob("*.toml")):
        questions += parse_questions(path.read_text(encoding="utf-8"), path.name, project)
    _reject_duplicates(questions)
    return questions


def parse_questions(text: str, source: str, project: Project) -> list[Question]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DrillError(f"{source}: not valid TOML ({error})") from None
    if data.get("format") != FORMAT:
        raise DrillError(f"{source}: `format = {FORMAT}` is required")
    tracks = {track.id for track in project.catalog.tracks}
    katas = {kata.slug for kata in project.catalog.katas}
    tables = data.get("question")
    if not isinstance(tables, list) or not tables:
        raise DrillError(f"{source}: no [[question]] tables")
    return [_parse_question(table, source, tracks, katas) for table in tables]


def _parse_question(
    table: dict[str, Any], source: str, tracks: set[str], katas: set[str]
) -> Question:
    identifier = table.get("id")
    where = f"{source}: question {identifier!r}"
    if not isinstance(identifier, str) or not identifier:
        raise DrillError(f"{source}: a question without an `id`")
    for key in ("topic", "track", "question", "chain"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise DrillError(f"{where}: `{key}` is missing")
    if table["track"] not in tracks:
        raise DrillError(f"{where}: track {table['track']!r} is not in the catalog")
    named = table.get("katas", [])
    if not isinstance(named, list) or any(k not in katas for k in named):
        raise DrillError(f"{where}: `katas` must name katas of the catalog, got {named!r}")
    options = table.get("option")
    if not isinstance(options, list) or len(options) != OPTIONS:
        raise DrillError(f"{where}: exactly {OPTIONS} [[question.option]] tables are needed")
    parsed = []
    for option in options:
        if not isinstance(option.get("text"), str) or not isinstance(option.get("why"), str):
            raise DrillError(f"{where}: every option needs `text` and `why`")
        if not option["why"].strip():
            raise DrillError(f"{where}: every option explains itself in `why`")
        parsed.append(Option(option["text"], option["why"], option.get("best") is True))
    if sum(option.best for option in parsed) != 1:
        raise DrillError(f"{where}: exactly one option must have `best = true`")
    return Question(
        identifier,
        table["topic"],
        table["track"],
        tuple(named),
        table["question"],
        table["chain"],
        tuple(parsed),
    )


def _reject_duplicates(questions: list[Question]) -> None:
    seen: dict[str, str] = {}
    for question in questions:
        for key in (question.id, " ".join(question.question.lower().split())):
            if key in seen:
                raise DrillError(f"question {question.id!r} duplicates {seen[key]!r}")
            seen[key] = question.id


def choose_round(
    questions: list[Question],
    state: DrillState,
    *,
    count: int,
    seed: int | None,
    track: str | None = None,
    topic: str | None = None,
) -> list[tuple[Question, list[Option]]]:
    """``count`` questions (missed ones first), each with its options shuffled."""
    pool = [
        q
        for q in questions
        if (track is None or q.track == track)
        and (topic is None or topic.lower() in q.topic.lower())
    ]
    generator = random.Random(seed)
    generator.shuffle(pool)
    pool.sort(key=lambda q: q.id not in state.missed)  # stable: missed first
    chosen = pool[:count]
    return [(q, generator.sample(list(q.options), len(q.options))) for q in chosen]


@dataclass(frozen=True)
class Answer:
    question: Question
    options: list[Option]
    picked: int  # 0-based

    @property
    def right(self) -> bool:
        return self.options[self.picked].best

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.question.id,
            "topic": self.question.topic,
            "picked": self.picked + 1,
            "best": next(i for i, o in enumerate(self.options) if o.best) + 1,
            "right": self.right,
        }


def play(
    round_: list[tuple[Question, list[Option]]],
    ask: Callable[[int, int, Question, list[Option]], int],
    tell: Callable[[Answer, int, int], None],
) -> list[Answer]:
    """Ask each question (``ask`` returns the 0-based option picked) and tell the verdict."""
    answers = []
    for number, (question, options) in enumerate(round_, start=1):
        picked = ask(number, len(round_), question, options)
        answer = Answer(question, options, picked)
        tell(answer, number, len(round_))
        answers.append(answer)
    return answers
