"""Hidden pytest checks for the typed_config kata: validation driven by Annotated metadata."""

# No `from __future__ import annotations`: the schemas below must keep their real annotations.

from collections.abc import Mapping
from typing import Annotated, Any, NotRequired, Required, TypedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from katas.typed_config import ConfigError, Length, OneOf, Range, ServerConfig, validate


class JobSpec(TypedDict):
    """A schema the kata has never seen: only its own metadata can say what is valid."""

    name: Annotated[str, Length(3, 8)]
    replicas: Annotated[int, Range(2, 5)]
    region: NotRequired[Annotated[str, OneOf(("eu", "us"))]]
    ratio: NotRequired[Annotated[float, Range(0.0, 1.0)]]
    note: NotRequired[Annotated[str, "free text: metadata that is not a constraint"]]
    dry_run: NotRequired[bool]


class Limits(TypedDict, total=False):
    """total=False with a Required key, and two constraints on one key."""

    burst: Required[Annotated[int, Range(10, 20), Range(12, 30)]]
    label: Annotated[str, Length(0, 3), OneOf(("a", "bb", "ccc", "dddd"))]


GOOD_SERVER = {"host": "db.local", "port": 5432}
GOOD_JOB = {"name": "backup", "replicas": 3}


def problems_of(schema: Any, data: Mapping[str, object]) -> list[str]:
    """The problems validate() reports, or [] when it accepts the data."""
    try:
        validate(schema, data)
    except ConfigError as error:
        problems = [str(problem) for problem in error.problems]
    else:
        return []
    assert problems, "a ConfigError must list at least one problem"
    return problems


def assert_rejected(schema: Any, data: Mapping[str, object], *keys: str) -> None:
    problems = problems_of(schema, data)
    assert problems, f"expected {data!r} to be rejected (bad: {', '.join(keys)}), it was accepted"
    for key in keys:
        assert any(key in problem for problem in problems), (
            f"expected a problem naming {key!r} for {data!r}, got {problems}"
        )


def assert_accepted(schema: Any, data: Mapping[str, object]) -> None:
    problems = problems_of(schema, data)
    assert not problems, f"expected {data!r} to be valid, got problems {problems}"


def test_valid_config_is_returned() -> None:
    """a valid config is returned as a dict equal to the input"""
    data = dict(GOOD_SERVER, workers=4, log_level="info", debug=True)
    result = validate(ServerConfig, data)
    assert result == data, f"expected {data!r} back, got {result!r}"
    assert validate(JobSpec, GOOD_JOB) == GOOD_JOB, "a valid JobSpec should be returned as is"


def test_optional_keys_may_be_absent() -> None:
    """NotRequired keys may be left out; required ones alone are enough"""
    assert_accepted(ServerConfig, GOOD_SERVER)
    assert_accepted(JobSpec, GOOD_JOB)
    assert_accepted(Limits, {"burst": 15})


def test_missing_required_keys_are_reported() -> None:
    """every missing required key is reported, by name"""
    assert_rejected(ServerConfig, {"host": "db"}, "port")
    assert_rejected(ServerConfig, {}, "host", "port")
    assert_rejected(JobSpec, {"replicas": 3}, "name")
    assert_rejected(Limits, {"label": "a"}, "burst")


def test_unknown_keys_are_reported() -> None:
    """a key the schema does not declare (a typo) is reported"""
    assert_rejected(ServerConfig, dict(GOOD_SERVER, prot=80), "prot")
    assert_rejected(JobSpec, dict(GOOD_JOB, replica=3), "replica")


def test_wrong_value_types_are_reported() -> None:
    """values of the wrong type are reported; bool is not accepted as an int"""
    assert_rejected(ServerConfig, {"host": "db", "port": "5432"}, "port")
    assert_rejected(ServerConfig, {"host": 1, "port": 5432}, "host")
    assert_rejected(ServerConfig, dict(GOOD_SERVER, debug="yes"), "debug")
    assert_rejected(ServerConfig, {"host": "db", "port": True}, "port")
    assert_rejected(JobSpec, dict(GOOD_JOB, replicas=3.0), "replicas")
    assert_rejected(JobSpec, dict(GOOD_JOB, ratio="0.5"), "ratio")
    assert_accepted(JobSpec, dict(GOOD_JOB, ratio=1))  # an int is a valid float
    assert_accepted(JobSpec, dict(GOOD_JOB, dry_run=False))


def test_server_config_constraints() -> None:
    """ServerConfig enforces its Annotated constraints (port range, host length, log level)"""
    for port in (1, 65535):
        assert_accepted(ServerConfig, {"host": "db", "port": port})
    for port in (0, 65536, -1):
        assert_rejected(ServerConfig, {"host": "db", "port": port}, "port")
    assert_rejected(ServerConfig, {"host": "", "port": 1}, "host")
    assert_accepted(ServerConfig, {"host": "h" * 253, "port": 1})
    assert_rejected(ServerConfig, {"host": "h" * 254, "port": 1}, "host")
    for workers in (0, 65):
        assert_rejected(ServerConfig, dict(GOOD_SERVER, workers=workers), "workers")
    assert_accepted(ServerConfig, dict(GOOD_SERVER, workers=64))
    assert_rejected(ServerConfig, dict(GOOD_SERVER, log_level="trace"), "log_level")
    for level in ("debug", "info", "warning", "error"):
        assert_accepted(ServerConfig, dict(GOOD_SERVER, log_level=level))


def test_a_new_schema_is_validated_by_its_own_metadata() -> None:
    """a TypedDict the kata has never seen is validated by its own Annotated constraints"""
    for replicas in (2, 5):
        assert_accepted(JobSpec, dict(GOOD_JOB, replicas=replicas))
    for replicas in (1, 6, 100):
        assert_rejected(JobSpec, dict(GOOD_JOB, replicas=replicas), "replicas")
    assert_rejected(JobSpec, dict(GOOD_JOB, name="ab"), "name")
    assert_rejected(JobSpec, dict(GOOD_JOB, name="abcdefghi"), "name")
    assert_accepted(JobSpec, dict(GOOD_JOB, region="eu"))
    assert_rejected(JobSpec, dict(GOOD_JOB, region="asia"), "region")
    assert_accepted(JobSpec, dict(GOOD_JOB, ratio=0.25))
    assert_rejected(JobSpec, dict(GOOD_JOB, ratio=1.5), "ratio")


def test_metadata_that_is_not_a_constraint_is_ignored() -> None:
    """Annotated metadata other than Range/Length/OneOf (e.g. a doc string) is ignored"""
    assert_accepted(JobSpec, dict(GOOD_JOB, note="anything at all, of any length"))


def test_every_constraint_on_a_key_applies() -> None:
    """several constraints on one key all apply (Range(10, 20) and Range(12, 30) -> 12..20)"""
    for burst in (12, 20):
        assert_accepted(Limits, {"burst": burst})
    for burst in (11, 21):
        assert_rejected(Limits, {"burst": burst}, "burst")
    assert_accepted(Limits, {"burst": 15, "label": "ccc"})
    assert_rejected(Limits, {"burst": 15, "label": "dddd"}, "label")
    assert_rejected(Limits, {"burst": 15, "label": "x"}, "label")


def test_all_problems_are_reported_at_once() -> None:
    """all problems come in one ConfigError (a ValueError), not just the first"""
    data = {"name": "x", "replicas": "3", "region": "mars", "colour": "red"}
    with pytest.raises(ValueError, match=r".") as caught:
        validate(JobSpec, data)
    assert isinstance(caught.value, ConfigError), (
        f"expected a ConfigError, got {type(caught.value).__name__}"
    )
    assert_rejected(JobSpec, data, "name", "replicas", "region", "colour")
    assert_rejected(JobSpec, {"region": "eu"}, "name", "replicas")


@given(st.integers(-10, 10), st.text(max_size=12))
def test_verdicts_follow_the_constraints(replicas: int, name: str) -> None:
    """for any values, a JobSpec is accepted exactly when every constraint holds"""
    data = {"name": name, "replicas": replicas}
    problems = problems_of(JobSpec, data)
    name_ok = 3 <= len(name) <= 8
    replicas_ok = 2 <= replicas <= 5
    assert (not problems) == (name_ok and replicas_ok), (
        f"{data!r}: expected {'acceptance' if name_ok and replicas_ok else 'rejection'}, "
        f"got problems {problems}"
    )
    if not replicas_ok:
        assert any("replicas" in p for p in problems), f"no problem names 'replicas': {problems}"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-2, max_value=2))
def test_float_range_is_inclusive(ratio: float) -> None:
    """Range bounds are inclusive for floats: 0.0 <= ratio <= 1.0"""
    problems = problems_of(JobSpec, dict(GOOD_JOB, ratio=ratio))
    assert (not problems) == (0.0 <= ratio <= 1.0), (
        f"ratio={ratio!r}: expected {'acceptance' if 0 <= ratio <= 1 else 'rejection'}, "
        f"got problems {problems}"
    )
