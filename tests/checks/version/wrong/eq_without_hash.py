"""__eq__ defined without __hash__: Python sets __hash__ to None, so versions are unhashable.

Defining __eq__ in a class body silently removes the inherited identity hash. The versions
compare correctly but cannot go into a set or be used as dict keys.

Caught by: test_equal_versions_have_equal_hashes, test_hash_depends_on_the_value
"""

from __future__ import annotations

import re
from functools import total_ordering

_NUMBER = r"0|[1-9][0-9]*"
_IDENTIFIER = r"0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*"
_VERSION = re.compile(
    rf"({_NUMBER})\.({_NUMBER})\.({_NUMBER})(?:-((?:{_IDENTIFIER})(?:\.(?:{_IDENTIFIER}))*))?"
)


@total_ordering
class Version:
    def __init__(
        self, major: int, minor: int, patch: int, prerelease: tuple[str, ...] = ()
    ) -> None:
        self._parts = (major, minor, patch, prerelease)

    @property
    def major(self) -> int:
        return self._parts[0]

    @property
    def minor(self) -> int:
        return self._parts[1]

    @property
    def patch(self) -> int:
        return self._parts[2]

    @property
    def prerelease(self) -> tuple[str, ...]:
        return self._parts[3]

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION.fullmatch(text)
        if match is None:
            raise ValueError(f"not a semantic version: {text!r}")
        major, minor, patch, prerelease = match.groups()
        identifiers = tuple(prerelease.split(".")) if prerelease else ()
        return cls(int(major), int(minor), int(patch), identifiers)

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{'.'.join(self.prerelease)}" if self.prerelease else core

    def _key(self) -> tuple[int, int, int, bool, tuple[tuple[bool, int, str], ...]]:
        identifiers = tuple(
            (False, int(p), "") if p.isdigit() else (True, 0, p) for p in self.prerelease
        )
        return (self.major, self.minor, self.patch, not self.prerelease, identifiers)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._parts == other._parts

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()
