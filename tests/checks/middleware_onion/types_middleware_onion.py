"""Hidden mypy checks for the `middleware_onion` kata."""

import logging
import time
from typing import assert_type

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

from katas.middleware_onion import (
    RequestIdLogFilter,
    RequestIdMiddleware,
    TimingMiddleware,
    create_app,
    get_request_id,
)


async def _inner(scope: Scope, receive: Receive, send: Send) -> None:
    return None


def check_middlewares_are_asgi_apps() -> None:
    """both middlewares wrap an ASGI app and are ASGI apps themselves

    Rules: 1, 6
    """
    request_id: ASGIApp = RequestIdMiddleware(_inner, make_id=lambda: "id")
    timing: ASGIApp = TimingMiddleware(request_id, clock=time.monotonic)
    stacked: ASGIApp = RequestIdMiddleware(TimingMiddleware(_inner))
    assert_type(timing, ASGIApp)
    assert_type(stacked, ASGIApp)


def check_options_are_typed() -> None:
    """make_id must return str and clock must return float

    Rules: 1, 6
    """
    RequestIdMiddleware(_inner, make_id=lambda: 42)  # type: ignore[arg-type, return-value]
    TimingMiddleware(_inner, clock="perf_counter")  # type: ignore[arg-type]


def check_middleware_entries_are_typed() -> None:
    """Middleware(...) entries check the middleware's own options

    Rules: 10
    """
    Middleware(TimingMiddleware, clock=time.perf_counter)
    Middleware(TimingMiddleware, clock="perf_counter")  # type: ignore[arg-type]
    Middleware(RequestIdMiddleware, make_id=lambda: "x")


def check_request_id_and_app_types() -> None:
    """get_request_id returns str | None, create_app a FastAPI app, the filter is a Filter

    Rules: 2, 5, 9
    """
    assert_type(get_request_id(), str | None)
    assert_type(create_app(middleware=[Middleware(TimingMiddleware)]), FastAPI)
    log_filter: logging.Filter = RequestIdLogFilter()
    assert_type(log_filter, logging.Filter)
    create_app(middleware=[TimingMiddleware])  # type: ignore[list-item]
