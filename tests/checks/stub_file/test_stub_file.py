"""Hidden pytest checks for the stub_file kata: the stub agrees with the untyped module."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import katas.stub_file as legacy
from katas.stub_file import MissingSetting, Settings, chunked, parse_duration, with_retries

STUBTEST_TIMEOUT = 120


def module_paths() -> tuple[Path, Path]:
    runtime = Path(legacy.__file__ or "")
    return runtime, runtime.with_suffix(".pyi")


def public(name: str) -> bool:
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def runtime_names(tree: ast.Module) -> dict[str, set[str]]:
    """Public top-level names ("") and, per class, its public methods and self.attributes."""
    names: dict[str, set[str]] = {"": set()}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names[""].add(node.name)
        elif isinstance(node, ast.Assign):
            names[""].update(t.id for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, ast.ClassDef):
            members = names.setdefault(node.name, set())
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name != "__doc__":
                    members.add(item.name)
                    for sub in ast.walk(item):
                        if (
                            isinstance(sub, ast.Attribute)
                            and isinstance(sub.ctx, ast.Store)
                            and isinstance(sub.value, ast.Name)
                            and sub.value.id == "self"
                        ):
                            members.add(sub.attr)
    return {key: {n for n in value if public(n)} for key, value in names.items()}


def stub_names(tree: ast.Module) -> dict[str, set[str]]:
    """Names the stub declares: top level ("") and per class."""

    def declared(body: list[ast.stmt]) -> set[str]:
        found: set[str] = set()
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.add(node.name)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                found.add(node.target.id)
            elif isinstance(node, ast.Assign):
                found.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.If):  # sys.version_info branches
                found |= declared(node.body) | declared(node.orelse)
        return found

    names = {"": declared(tree.body)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names[node.name] = declared(node.body)
    return names


@pytest.mark.rule(14)
def test_functions_still_work() -> None:
    """the legacy module's functions still work (parse_duration, chunked, with_retries)"""
    cases = {"250ms": 0.25, "30s": 30.0, "5m": 300.0, "2h": 7200.0, "1.5": 1.5, " 2s ": 2.0}
    for text, seconds in cases.items():
        got = parse_duration(text)
        assert got == seconds, f"parse_duration({text!r}) should be {seconds}, got {got!r}"
    chunks = list(chunked(range(5), 2))
    assert chunks == [[0, 1], [2, 3], [4]], f"chunked(range(5), 2) gave {chunks}"
    calls: list[int] = []

    def flaky(n: int) -> int:
        calls.append(n)
        if len(calls) < 3:
            raise ConnectionError("try again")
        return n * 2

    got = with_retries(flaky, attempts=3)(21)
    assert (got, len(calls)) == (42, 3), (
        f"expected 42 after 3 calls (2 failures), got {got} after {len(calls)} calls"
    )
    with pytest.raises(ZeroDivisionError):
        with_retries(lambda: 1 / 0, attempts=2, exceptions=(ValueError,))()


@pytest.mark.rule(14)
def test_settings_still_work() -> None:
    """the legacy Settings class still works (get, get_int, from_env, override, [])"""
    settings = Settings({"port": "8080"}, debug="1")
    assert settings.get("port") == "8080", f"get('port') gave {settings.get('port')!r}"
    assert settings.get("absent", 5) == 5, "get() with a default should return the default"
    assert settings.get_int("port") == 8080, "get_int('port') should be 8080"
    assert settings.get_duration("timeout") == 30.0, "get_duration() should default to 30.0"
    assert "debug" in settings, "'debug' in settings should be True"
    assert len(settings) == 2, f"Settings should hold port and debug, len() is {len(settings)}"
    with settings.override(port="9090") as same:
        assert same is settings, "override() should give the settings object back"
        assert settings["port"] == "9090", "override() should apply the new value"
    assert settings["port"] == "8080", "override() should restore the old value afterwards"
    with pytest.raises(MissingSetting):
        settings["absent"]
    env = Settings.from_env({"APP_DEBUG": "yes", "OTHER": "x"})
    assert env.values == {"debug": "yes"}, f"from_env() gave {env.values!r}"


@pytest.mark.rule(12)
def test_stub_declares_every_public_name() -> None:
    """the .pyi declares every public function, class, constant, method and attribute"""
    runtime_path, stub_path = module_paths()
    assert stub_path.is_file(), f"expected the stub file next to the module: {stub_path.name}"
    runtime = runtime_names(ast.parse(runtime_path.read_text(encoding="utf-8")))
    stub = stub_names(ast.parse(stub_path.read_text(encoding="utf-8")))
    missing = [
        f"{scope}.{name}" if scope else name
        for scope, names in runtime.items()
        for name in sorted(names - stub.get(scope, set()))
    ]
    if missing:
        pytest.fail(f"the stub does not declare: {', '.join(missing)}", pytrace=False)


@pytest.mark.rule(13)
def test_stub_passes_stubtest(tmp_path: Path) -> None:
    """the stub agrees with the runtime module: `python -m mypy.stubtest` finds no error"""
    runtime_path, stub_path = module_paths()
    package = tmp_path / "katas"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copyfile(runtime_path, package / "stub_file.py")
    shutil.copyfile(stub_path, package / "stub_file.pyi")
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "katas.stub_file", "--concise",
         "--mypy-config-file", str(config)],
        cwd=tmp_path, capture_output=True, text=True, timeout=STUBTEST_TIMEOUT, check=False,
    )  # fmt: skip
    report = "\n".join((completed.stdout + completed.stderr).strip().splitlines()[:12])
    if completed.returncode != 0:
        pytest.fail(f"stubtest found differences:\n{report}", pytrace=False)
