"""pytest plugin: ``--kata-root`` and the deterministic hypothesis profile.

Loaded automatically (entry point ``pytest11``) so that an author can run one kata's hidden
checks directly: ``pytest tests/checks/retry --kata-root solutions``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

ROOT_ENV = "PYKATA_ROOT"

settings.register_profile(
    "pykata",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
    # The explain phase can make a failing property ten times slower to report.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
settings.load_profile("pykata")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--kata-root",
        default=None,
        help=f"directory whose modules `import katas.<slug>` loads (default: $${ROOT_ENV}, "
        "else <rootdir>/katas)",
    )


def pytest_configure(config: pytest.Config) -> None:
    from pykata.kata_package import install_kata_package

    config.addinivalue_line(
        "markers", "rule(*numbers): the stub's numbered rules this check enforces"
    )
    chosen = config.getoption("kata_root") or os.environ.get(ROOT_ENV)
    root = Path(chosen) if chosen else config.rootpath / "katas"
    if root.is_dir():
        install_kata_package(root)
    elif chosen:
        raise pytest.UsageError(f"--kata-root {chosen}: no such directory")
