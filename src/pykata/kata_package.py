"""Make the import name ``katas`` resolve to any implementation root.

Hidden checks always ``import katas.<slug>``. The root behind that name is a parameter:
``katas/`` for a learner, ``solutions/`` for verification, a copy of a student's submission in
classroom mode. A synthetic package object whose ``__path__`` is the root does this without
copying files or touching ``sys.path``.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

PACKAGE = "katas"


def install_kata_package(root: Path) -> None:
    """Point ``import katas.X`` at ``root/X.py`` for this interpreter.

    Bytecode writing is switched off so that importing never writes ``__pycache__`` into the
    root: the graded directory must stay byte-for-byte unchanged.
    """
    if not root.is_dir():
        raise FileNotFoundError(f"kata root {root} is not a directory")
    sys.dont_write_bytecode = True
    wanted_path = [str(root.resolve())]
    current = sys.modules.get(PACKAGE)
    if current is not None and getattr(current, "__path__", None) == wanted_path:
        return
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    package = types.ModuleType(PACKAGE, f"Kata implementations from {root}")
    package.__path__ = wanted_path
    package.__file__ = None
    sys.modules[PACKAGE] = package
