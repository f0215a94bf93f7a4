"""A legacy helper module, written before type hints: it runs fine, mypy knows nothing of it.

Do not change this file. Describe it in the stub file next to it, ``stub_file.pyi``.
"""

import contextlib
import functools
import os

DEFAULT_TIMEOUT = 30.0
UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


class MissingSetting(KeyError):
    """A setting that was asked for with ``settings[key]`` does not exist."""

    def __init__(self, key):
        super().__init__(key)
        self.key = key


def parse_duration(text):
    """``"250ms"``, ``"30s"``, ``"5m"``, ``"2h"`` or a bare number of seconds -> seconds."""
    text = text.strip()
    for suffix in ("ms", "s", "m", "h"):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * UNITS[suffix]
    return float(text)


def chunked(items, size):
    """Yield lists of ``size`` items (the last one may be shorter)."""
    if size < 1:
        raise ValueError("size must be at least 1")
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def with_retries(func, attempts=3, exceptions=(Exception,)):
    """Wrap ``func`` so that a call is tried up to ``attempts`` times while it raises."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for attempt in range(1, attempts + 1):
            try:
                return func(*args, **kwargs)
            except exceptions:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    return wrapper


class Settings:
    """String settings (from a mapping, keyword arguments or the environment)."""

    def __init__(self, values=None, **overrides):
        self.values = dict(values or {})
        self.values.update(overrides)

    @classmethod
    def from_env(cls, environ=None, prefix="APP_"):
        """Settings from the variables starting with ``prefix``: APP_DEBUG -> "debug"."""
        environ = os.environ if environ is None else environ
        return cls(
            {
                name[len(prefix) :].lower(): value
                for name, value in environ.items()
                if name.startswith(prefix)
            }
        )

    def get(self, key, default=None):
        return self.values.get(key, default)

    def get_int(self, key, default=0):
        value = self.values.get(key)
        return default if value is None else int(value)

    def get_duration(self, key, default=DEFAULT_TIMEOUT):
        value = self.values.get(key)
        return default if value is None else parse_duration(value)

    @contextlib.contextmanager
    def override(self, **values):
        """Temporarily replace some settings; the old values come back afterwards."""
        saved = dict(self.values)
        self.values.update(values)
        try:
            yield self
        finally:
            self.values = saved

    def __getitem__(self, key):
        try:
            return self.values[key]
        except KeyError:
            raise MissingSetting(key) from None

    def __contains__(self, key):
        return key in self.values

    def __len__(self):
        return len(self.values)
