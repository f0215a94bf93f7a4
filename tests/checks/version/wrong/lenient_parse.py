"""parse() splits on "." and "-" and trusts int(): it accepts leading zeros and garbage.

int() happily reads "01", "+1", " 1", "1_0" and non-ASCII digits such as "١", and an empty
pre-release identifier slips through the split. Valid versions behave correctly.

Caught by: test_invalid_strings_raise_value_error, test_parse_accepts_exactly_the_valid_versions
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import total_ordering


@total_ordering
@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Version:
        core, _, prerelease = text.partition("-")
        parts = core.split(".")
        if len(parts) != 3:
            raise ValueError(f"not a semantic version: {text!r}")
        major, minor, patch = (int(part) for part in parts)
        identifiers = tuple(prerelease.split(".")) if prerelease else ()
        return cls(major, minor, patch, identifiers)

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{'.'.join(self.prerelease)}" if self.prerelease else core

    def _key(self) -> tuple[int, int, int, bool, tuple[tuple[bool, int, str], ...]]:
        identifiers = tuple(
            (False, int(p), "") if p.isdigit() else (True, 0, p) for p in self.prerelease
        )
        return (self.major, self.minor, self.patch, not self.prerelease, identifiers)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()
