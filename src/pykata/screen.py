"""The static screen: before anything runs, flag submitted code that reaches into the grader.

No kata needs any of this, so each finding is a flag for the instructor to review, not a
verdict: the grader's or the test machinery's modules, frame and garbage-collector
introspection, patching ``sys.modules`` or builtins, running computed code, starting processes,
raw file descriptors and ``/proc``. In the katas where the learner writes tests, reading the
module under test's source, file or code objects is flagged too: tests must exercise its
behaviour.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

GRADER_MODULES = ("pykata", "_pytest", "pluggy", "_hypothesis_pytestplugin", "ctypes", "_ctypes")
PROCESS_MODULES = ("subprocess", "pty", "multiprocessing.popen_fork")
SUSPECT_ATTRIBUTES = {
    "_getframe": "frame introspection",
    "_current_frames": "frame introspection",
    "currentframe": "frame introspection",
    "f_back": "frame introspection",
    "f_globals": "frame introspection",
    "f_locals": "frame introspection",
    "tb_frame": "frame introspection",
    "gi_frame": "frame introspection",
    "cr_frame": "frame introspection",
    "get_objects": "garbage-collector introspection",
    "get_referrers": "garbage-collector introspection",
    "get_referents": "garbage-collector introspection",
    "addaudithook": "audit hooks",
    "settrace": "tracing the interpreter",
    "setprofile": "tracing the interpreter",
    "fork": "starting processes directly",
    "forkpty": "starting processes directly",
    "system": "starting processes directly",
    "popen": "starting processes directly",
    "posix_spawn": "starting processes directly",
    "setsid": "detaching processes",
    "kill": "signalling processes",
    "killpg": "signalling processes",
    "write": "raw file-descriptor writes",
    "dup2": "raw file-descriptor writes",
}
RAW_FD_OWNERS = ("os", "posix")
SOURCE_READING = {
    "getsource": "reading source code",
    "getsourcelines": "reading source code",
    "getfile": "reading source code",
    "__code__": "code objects",
    "co_code": "code objects",
    "__file__": "the module's file",
    "__loader__": "the module's loader",
    "__spec__": "the module's loader",
}
COMPUTED_CODE = ("exec", "eval", "compile", "__import__")


@dataclass(frozen=True)
class Finding:
    line: int
    reason: str


def screen(source: str, *, writes_tests: bool = False) -> list[Finding]:
    """What in ``source`` reaches into the grader (an unparsable file has no findings: it is
    graded as a syntax error)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    findings: list[Finding] = []
    for node in ast.walk(tree):
        reason = _reason(node, writes_tests)
        if reason:
            findings.append(Finding(getattr(node, "lineno", 0), reason))
    return sorted(set(findings), key=lambda finding: (finding.line, finding.reason))


def _reason(node: ast.AST, writes_tests: bool) -> str | None:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return _import_reason(node)
    if isinstance(node, ast.Attribute):
        return _attribute_reason(node, writes_tests)
    if isinstance(node, ast.Name) and node.id in ("__builtins__",):
        return "patching builtins"
    if isinstance(node, ast.Name) and writes_tests and node.id in SOURCE_READING:
        return f"{SOURCE_READING[node.id]} of the module under test"
    if isinstance(node, ast.Call):
        return _call_reason(node)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and "/proc/" in node.value:
        return "reading /proc"
    return None


def _import_reason(node: ast.Import | ast.ImportFrom) -> str | None:
    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
    names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
    for name in names:
        top = name.split(".")[0]
        if top in GRADER_MODULES or name in GRADER_MODULES:
            return f"imports {name}: the grader's or the test machinery's internals"
        if name in PROCESS_MODULES or top in PROCESS_MODULES:
            return f"imports {name}: starting processes directly"
    if isinstance(node, ast.ImportFrom) and node.module in ("os", "sys", "gc", "inspect"):
        for alias in node.names:
            if alias.name in SUSPECT_ATTRIBUTES or alias.name == "modules":
                return f"imports {node.module}.{alias.name}"
    return None


def _attribute_reason(node: ast.Attribute, writes_tests: bool) -> str | None:
    owner = node.value.id if isinstance(node.value, ast.Name) else None
    if node.attr == "modules" and owner == "sys":
        return "sys.modules: reaching other modules' objects"
    if owner == "builtins" and isinstance(node.ctx, ast.Store | ast.Del):
        return "patching builtins"
    if node.attr in ("write", "dup2") and owner not in RAW_FD_OWNERS:
        return None
    if node.attr in ("system", "popen", "kill") and owner not in RAW_FD_OWNERS:
        return None
    if node.attr in SUSPECT_ATTRIBUTES:
        return SUSPECT_ATTRIBUTES[node.attr]
    if writes_tests and node.attr in SOURCE_READING:
        return f"{SOURCE_READING[node.attr]} of the module under test"
    return None


def _call_reason(node: ast.Call) -> str | None:
    function = node.func
    name = function.id if isinstance(function, ast.Name) else None
    if isinstance(function, ast.Attribute) and function.attr == "import_module":
        name = "import_module"
    if name in (*COMPUTED_CODE, "import_module"):
        literal = bool(node.args) and isinstance(node.args[0], ast.Constant)
        if name in COMPUTED_CODE or not literal:
            return f"{name}() of computed code"
    return None
