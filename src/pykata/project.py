"""Where the project's parts live: catalog, stubs, solutions, hidden checks, cache."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pykata.catalog import Catalog, Kata, load_catalog

CATALOG_FILE = "catalog.toml"
PROJECT_ENV = "PYKATA_PROJECT"


class ProjectNotFoundError(Exception):
    """No directory at or above the working directory holds the catalog."""


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def locate(cls, start: Path | None = None) -> Project:
        """The project whose catalog is at or above ``start`` (or $PYKATA_PROJECT)."""
        if explicit := os.environ.get(PROJECT_ENV):
            return cls(Path(explicit).resolve())
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / CATALOG_FILE).is_file() and (candidate / "tests" / "checks").is_dir():
                return cls(candidate)
        raise ProjectNotFoundError(
            f"no {CATALOG_FILE} found at or above {here}: run this inside the kata repository"
        )

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog(self.root / CATALOG_FILE)

    @property
    def katas_dir(self) -> Path:
        return self.root / "katas"

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    @property
    def checks_root(self) -> Path:
        return self.root / "tests" / "checks"

    def checks_dir(self, slug: str) -> Path:
        return self.checks_root / slug

    def pytest_checks_file(self, slug: str) -> Path:
        return self.checks_dir(slug) / f"test_{slug}.py"

    def mypy_checks_file(self, slug: str) -> Path:
        return self.checks_dir(slug) / f"types_{slug}.py"

    def trusted_files(self, kata: Kata) -> list[Path]:
        """Every project file a kata's verdict depends on, besides the learner's own."""
        files = [self.mypy_checks_file(kata.slug)]
        if kata.target_file:
            return [*files, self.solutions_dir / kata.target_file, *self.mutants(kata.slug)]
        return [*files, self.pytest_checks_file(kata.slug)]

    def wrong_variants(self, slug: str) -> list[Path]:
        wrong = self.checks_dir(slug) / "wrong"
        return sorted(wrong.glob("*.diff"))

    def mutants(self, slug: str) -> list[Path]:
        """For a kata whose learner writes tests: the broken versions those tests must catch,
        each a patch of the module under test."""
        return sorted((self.checks_dir(slug) / "mutants").glob("*.diff"))

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache" / "pykata"

    @property
    def state_dir(self) -> Path:
        """The learner's progress, hint levels and backups (kept out of git)."""
        return self.root / ".kata"
