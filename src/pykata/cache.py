"""Results cached by content hash: an unchanged kata is not graded again."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pykata import __version__
from pykata.results import KataResult

ENGINE_FILES = ("worker.py", "typecheck.py", "grading.py", "checklist.py", "failures.py")


def engine_fingerprint() -> str:
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for name in ENGINE_FILES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


class ResultCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> KataResult | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            result = KataResult.from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        result.cached = True
        return result

    def put(self, key: str, result: KataResult) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self._path(key).with_suffix(".tmp")
        temporary.write_text(json.dumps(result.to_json()), encoding="utf-8")
        temporary.replace(self._path(key))
