"""Semantic versions as a value object: reference solution."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

_NUMBER = r"0|[1-9][0-9]*"
_IDENTIFIER = r"0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*"
_VERSION = re.compile(
    rf"({_NUMBER})\.({_NUMBER})\.({_NUMBER})(?:-((?:{_IDENTIFIER})(?:\.(?:{_IDENTIFIER}))*))?"
)

# (is numeric, numeric value, text): numeric identifiers sort first, by value.
_IdentifierKey = tuple[bool, int, str]


@total_ordering
@dataclass(frozen=True)
class Version:
    """A semantic version: major.minor.patch with an optional pre-release.

    frozen=True makes the fields read-only and, with the generated __eq__, gives a __hash__
    over the same fields, so equal versions hash equally. The ordering is NOT the dataclass
    field order (order=False): __lt__ compares a key that encodes semver precedence, and
    total_ordering derives <=, > and >= from it.
    """

    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Version:
        """Read ``MAJOR.MINOR.PATCH[-PRERELEASE]``; raise ValueError for anything else."""
        match = _VERSION.fullmatch(text)
        if match is None:
            raise ValueError(f"not a semantic version: {text!r}")
        major, minor, patch, prerelease = match.groups()
        identifiers = tuple(prerelease.split(".")) if prerelease else ()
        return cls(int(major), int(minor), int(patch), identifiers)

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{'.'.join(self.prerelease)}" if self.prerelease else core

    def _precedence(self) -> tuple[int, int, int, bool, tuple[_IdentifierKey, ...]]:
        identifiers = tuple(
            (False, int(part), "") if part.isdigit() else (True, 0, part)
            for part in self.prerelease
        )
        # A release (no pre-release) sorts after every pre-release of the same core.
        return (self.major, self.minor, self.patch, not self.prerelease, identifiers)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._precedence() < other._precedence()
