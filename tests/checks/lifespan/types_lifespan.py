"""Hidden mypy checks for the `lifespan` kata."""

from collections.abc import Callable
from typing import assert_type

from fastapi import FastAPI, Request

from katas.lifespan import Cache, Pool, create_app, get_cache, get_pool


def check_create_app_takes_factories() -> None:
    """create_app takes two factories and returns a FastAPI app

    Rules: 1, 3
    """
    assert_type(create_app(Pool, Cache), FastAPI)
    make_pool: Callable[[], Pool] = Pool
    assert_type(create_app(make_pool, lambda: Cache()), FastAPI)
    create_app(Pool(), Cache)  # type: ignore[arg-type]
    create_app(Cache, Pool)  # type: ignore[arg-type]


def check_dependencies_return_the_resources() -> None:
    """get_pool and get_cache return the precise resource types

    Rules: 4
    """
    request = Request({"type": "http"})
    assert_type(get_pool(request), Pool)
    assert_type(get_cache(request), Cache)
    get_pool()  # type: ignore[call-arg]
