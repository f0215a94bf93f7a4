"""chunked is declared as chunked(iterable, n): the parameter names differ from the runtime.

Positional calls still type-check, but chunked(items, size=2) is rejected although it works,
and stubtest reports the mismatch.

Caught by: test_stub_passes_stubtest, check_chunked_keeps_the_item_type
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from typing import Final, ParamSpec, Self, TypeVar, overload

_T = TypeVar("_T")
_D = TypeVar("_D")
_R = TypeVar("_R")
_P = ParamSpec("_P")

DEFAULT_TIMEOUT: Final[float]
UNITS: dict[str, float]

class MissingSetting(KeyError):
    key: str
    def __init__(self, key: str) -> None: ...

def parse_duration(text: str) -> float: ...
def chunked(iterable: Iterable[_T], n: int) -> Iterator[list[_T]]: ...
def with_retries(
    func: Callable[_P, _R],
    attempts: int = 3,
    exceptions: tuple[type[BaseException], ...] = ...,
) -> Callable[_P, _R]: ...

class Settings:
    values: dict[str, str]
    def __init__(self, values: Mapping[str, str] | None = None, **overrides: str) -> None: ...
    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, prefix: str = "APP_") -> Self: ...
    @overload
    def get(self, key: str) -> str | None: ...
    @overload
    def get(self, key: str, default: _D) -> str | _D: ...
    def get_int(self, key: str, default: int = 0) -> int: ...
    def get_duration(self, key: str, default: float = ...) -> float: ...
    def override(self, **values: str) -> AbstractContextManager[Self]: ...
    def __getitem__(self, key: str) -> str: ...
    def __contains__(self, key: object) -> bool: ...
    def __len__(self) -> int: ...
