"""Hidden pytest checks for the typed_config kata: validation driven by Annotated metadata."""

# No `from __future__ import annotations`: the schemas below must keep their real annotations.

from collections.abc import Mapping
from types import MappingProxyType
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


class Flipped(TypedDict, total=False):
    """Annotated outside Required/NotRequired: the other nesting order."""

    size: Annotated[Required[int], Range(1, 9)]
    tag: Annotated[NotRequired[str], OneOf(("x", "y"))]
    scale: Annotated[float, Range(0.5, 2.0)]


class Strict(TypedDict):
    """total=True with Annotated around NotRequired, beside both plain orders."""

    level: Annotated[NotRequired[int], Range(0, 3)]
    code: Required[Annotated[str, Length(2, 2)]]
    limit: NotRequired[Annotated[int, Range(5, 6)]]


class ExtendedJob(JobSpec, total=False):
    """An inherited TypedDict: the base's keys and rules still apply."""

    owner: Annotated[str, Length(1, 4)]


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


@pytest.mark.rule(10)
def test_valid_config_is_returned() -> None:
    """a valid config is returned as a dict equal to the input"""
    data = dict(GOOD_SERVER, workers=4, log_level="info", debug=True)
    result = validate(ServerConfig, data)
    assert result == data, f"expected {data!r} back, got {result!r}"
    assert validate(JobSpec, GOOD_JOB) == GOOD_JOB, "a valid JobSpec should be returned as is"


@pytest.mark.rule(4)
def test_optional_keys_may_be_absent() -> None:
    """NotRequired keys may be left out; required ones alone are enough"""
    assert_accepted(ServerConfig, GOOD_SERVER)
    assert_accepted(JobSpec, GOOD_JOB)
    assert_accepted(Limits, {"burst": 15})


@pytest.mark.rule(4)
def test_missing_required_keys_are_reported() -> None:
    """every missing required key is reported, by name"""
    assert_rejected(ServerConfig, {"host": "db"}, "port")
    assert_rejected(ServerConfig, {}, "host", "port")
    assert_rejected(JobSpec, {"replicas": 3}, "name")
    assert_rejected(Limits, {"label": "a"}, "burst")


@pytest.mark.rule(5)
def test_unknown_keys_are_reported() -> None:
    """a key the schema does not declare (a typo) is reported"""
    assert_rejected(ServerConfig, dict(GOOD_SERVER, prot=80), "prot")
    assert_rejected(JobSpec, dict(GOOD_JOB, replica=3), "replica")


@pytest.mark.rule(6)
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
    assert_rejected(JobSpec, dict(GOOD_JOB, ratio=True), "ratio")
    assert_rejected(JobSpec, dict(GOOD_JOB, dry_run=1), "dry_run")
    assert_rejected(ServerConfig, dict(GOOD_SERVER, debug=0), "debug")
    assert_rejected(ServerConfig, dict(GOOD_SERVER, workers=None), "workers")
    assert_rejected(JobSpec, dict(GOOD_JOB, region=None), "region")
    assert_rejected(JobSpec, {"name": None, "replicas": 3}, "name")
    assert_rejected(JobSpec, dict(GOOD_JOB, name=b"backup"), "name")


@pytest.mark.rule(6)
def test_a_wrong_type_is_one_problem() -> None:
    """a value of the wrong type is one problem, and its constraints are not applied to it"""
    for value in ("3", 3.0, True, None, [3]):
        problems = problems_of(JobSpec, dict(GOOD_JOB, replicas=value))
        assert len(problems) == 1, f"replicas={value!r} should give one problem, got {problems}"
        assert "replicas" in problems[0], f"the problem should name 'replicas': {problems}"
    problems = problems_of(ServerConfig, {"host": 12345, "port": 1})
    assert len(problems) == 1, f"host=12345 should give one problem, got {problems}"


@pytest.mark.rule(2)
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
    assert_rejected(ServerConfig, dict(GOOD_SERVER, log_level="INFO"), "log_level")
    assert_accepted(ServerConfig, dict(GOOD_SERVER, workers=1, debug=False))
    assert_accepted(ServerConfig, {"host": "h", "port": 80})
    for level in ("debug", "info", "warning", "error"):
        assert_accepted(ServerConfig, dict(GOOD_SERVER, log_level=level))


@pytest.mark.rule(7)
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
    for name in ("abc", "abcdefgh"):
        assert_accepted(JobSpec, dict(GOOD_JOB, name=name))
    assert_rejected(JobSpec, dict(GOOD_JOB, region="EU"), "region")
    assert_rejected(JobSpec, dict(GOOD_JOB, region="eu "), "region")
    for ratio in (0, 1, 0.0, 1.0):
        assert_accepted(JobSpec, dict(GOOD_JOB, ratio=ratio))


@pytest.mark.rule(7)
def test_metadata_that_is_not_a_constraint_is_ignored() -> None:
    """Annotated metadata other than Range/Length/OneOf (e.g. a doc string) is ignored"""
    assert_accepted(JobSpec, dict(GOOD_JOB, note="anything at all, of any length"))


@pytest.mark.rule(7)
def test_every_constraint_on_a_key_applies() -> None:
    """several constraints on one key all apply (Range(10, 20) and Range(12, 30) -> 12..20)"""
    for burst in (12, 20):
        assert_accepted(Limits, {"burst": burst})
    for burst in (11, 21):
        assert_rejected(Limits, {"burst": burst}, "burst")
    assert_accepted(Limits, {"burst": 15, "label": "ccc"})
    assert_rejected(Limits, {"burst": 15, "label": "dddd"}, "label")
    assert_rejected(Limits, {"burst": 15, "label": "x"}, "label")


@pytest.mark.rule(9)
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


@pytest.mark.rule(9)
def test_one_message_per_problem() -> None:
    """ConfigError.problems has exactly one message per problem, each naming its key"""
    cases: list[tuple[Any, dict[str, object], list[str]]] = [
        (JobSpec, {"name": "x", "replicas": "3", "region": "mars", "colour": "red"},
         ["name", "replicas", "region", "colour"]),
        (JobSpec, {"region": "eu"}, ["name", "replicas"]),
        (ServerConfig, {}, ["host", "port"]),
        (ServerConfig, {"host": "db", "port": 1, "prot": 2, "hots": "x"}, ["prot", "hots"]),
        (ServerConfig, {"host": "", "port": 0, "workers": 0}, ["host", "port", "workers"]),
    ]  # fmt: skip
    for schema, data, keys in cases:
        problems = problems_of(schema, data)
        assert len(problems) == len(keys), (
            f"{data!r} has {len(keys)} problems ({', '.join(keys)}), "
            f"got {len(problems)}: {problems}"
        )
        for key in keys:
            assert any(key in problem for problem in problems), (
                f"expected a problem naming {key!r} for {data!r}, got {problems}"
            )


@pytest.mark.rule(8)
def test_either_nesting_order_is_read() -> None:
    """Annotated[Required[...]] / Annotated[NotRequired[...]] work like the other nesting order"""
    assert_accepted(Flipped, {"size": 5})
    assert_accepted(Flipped, {"size": 1, "tag": "y", "scale": 2.0})
    assert_rejected(Flipped, {}, "size")
    assert_rejected(Flipped, {"size": 10}, "size")
    assert_rejected(Flipped, {"size": "5"}, "size")
    assert_rejected(Flipped, {"size": 5, "tag": "z"}, "tag")
    assert_rejected(Flipped, {"size": 5, "scale": 0.25}, "scale")
    assert_accepted(Strict, {"code": "ab"})
    assert_accepted(Strict, {"code": "ab", "level": 3, "limit": 5})
    assert_rejected(Strict, {"level": 1}, "code")
    assert_rejected(Strict, {"code": "ab", "level": 4}, "level")
    assert_rejected(Strict, {"code": "abc"}, "code")
    assert_rejected(Strict, {"code": "ab", "level": True}, "level")
    assert_rejected(Strict, {"code": "ab", "limit": 7}, "limit")


@pytest.mark.rule(8)
def test_total_false_and_inherited_schemas() -> None:
    """total=False with Required keys, and a TypedDict inheriting another, are read correctly"""
    assert_accepted(Limits, {"burst": 15})
    assert_rejected(Limits, {}, "burst")
    assert_accepted(ExtendedJob, GOOD_JOB)
    assert_accepted(ExtendedJob, dict(GOOD_JOB, owner="ops"))
    assert_rejected(ExtendedJob, dict(GOOD_JOB, owner="nobody"), "owner")
    assert_rejected(ExtendedJob, {"owner": "ops", "replicas": 3}, "name")
    assert_rejected(ExtendedJob, dict(GOOD_JOB, replicas=9), "replicas")
    assert_rejected(ExtendedJob, dict(GOOD_JOB, colour="red"), "colour")


@pytest.mark.rule(10)
def test_result_is_a_new_dict_with_the_same_items() -> None:
    """validate() returns a new dict holding the same values, for a dict or any other mapping"""
    data: dict[str, object] = {"name": "backup", "replicas": 3, "ratio": 1, "dry_run": True}
    result = validate(JobSpec, data)
    assert type(result) is dict, f"expected a dict, got {type(result).__name__}"
    assert result is not data, "validate() should return a new dict, not the mapping passed in"
    assert result == data, f"expected {data!r} back, got {result!r}"
    for key, value in data.items():
        got = result[key]
        assert got is value, f"{key!r}: expected the value passed in ({value!r}), got {got!r}"
    result["replicas"] = 4
    assert data["replicas"] == 3, "changing the result must not change the input"
    frozen = MappingProxyType({"host": "db", "port": 80})
    copied = validate(ServerConfig, frozen)
    assert type(copied) is dict, f"expected a dict from a MappingProxyType, got {type(copied)}"
    assert copied == {"host": "db", "port": 80}, f"got {copied!r}"


@pytest.mark.rule(7)
def test_nan_and_infinities_are_out_of_range() -> None:
    """nan and the infinities are floats, but no Range(0.0, 1.0) holds them"""
    for ratio in (float("nan"), float("inf"), float("-inf")):
        assert_rejected(JobSpec, dict(GOOD_JOB, ratio=ratio), "ratio")


@pytest.mark.rule(7)
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


@pytest.mark.rule(7)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-2, max_value=2))
def test_float_range_is_inclusive(ratio: float) -> None:
    """Range bounds are inclusive for floats: 0.0 <= ratio <= 1.0"""
    problems = problems_of(JobSpec, dict(GOOD_JOB, ratio=ratio))
    assert (not problems) == (0.0 <= ratio <= 1.0), (
        f"ratio={ratio!r}: expected {'acceptance' if 0 <= ratio <= 1 else 'rejection'}, "
        f"got problems {problems}"
    )
