"""dataclass(order=True) compares the fields as a tuple, which is not semver precedence.

() < ("alpha",) puts 1.0.0 BEFORE 1.0.0-alpha, and "11" < "2" as text puts beta.11 before
beta.2. Equality, hashing, parsing and read-only fields are all fine.

Caught by: test_prerelease_sorts_before_its_release, test_ordering_follows_semver_precedence
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"0|[1-9][0-9]*"
_IDENTIFIER = r"0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*"
_VERSION = re.compile(
    rf"({_NUMBER})\.({_NUMBER})\.({_NUMBER})(?:-((?:{_IDENTIFIER})(?:\.(?:{_IDENTIFIER}))*))?"
)


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()

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
