"""Mock or stub: test an HTTP API client with httpx.MockTransport, and assert the interactions.

Task
----
``katas/payments.py`` is a small, correct client for a card-payments API: ``PaymentsClient``
charges cards and looks charges up through an injected ``httpx.Client``, with retries,
idempotency keys and error mapping. Read it first: its docstrings are the specification. Your
job is to write its tests, in THIS file.

The grader runs your tests against the correct ``payments.py``, where every test must pass,
and then against several hidden *mutants* of it, each with one realistic bug planted (a header
not sent, a retry too many or too few, an error mapped wrongly, ...). A mutant is *killed* when
at least one of your tests fails on it. You solve the kata when your tests pass on the correct
code and kill every mutant; for a survivor the grader names the behaviour you did not check.

Rules
-----
- Import the module under test as ``from katas.payments import PaymentsClient, ...``.
- No network, ever: the grader refuses every connection, so a test that reaches for a real
  server fails. Inject an ``httpx.Client(transport=httpx.MockTransport(handler), base_url=...)``:
  your ``handler(request) -> httpx.Response`` plays the API. It can record each
  ``httpx.Request`` it receives, answer a scripted sequence, or raise ``httpx.ConnectError`` /
  ``httpx.ReadTimeout`` to simulate a broken connection.
- A stub answers; a mock is also checked. Assert the result or exception the caller sees AND,
  where it matters, the interaction: method, ``request.url.path``, ``request.headers``,
  the body (``json.loads(request.content)``) and how many requests were made.
- A test that asserts nothing, swallows every exception or is skipped kills nothing.
- Complete the typed helper ``make_client`` below and build your clients with it.
- The module must type-check under ``mypy --strict``: annotate your tests ``-> None``.

Example
-------
This test shows the tools; it passes on the correct code but kills no mutant yet::

    def test_charge_returns_the_charge_the_api_answered() -> None:
        seen: list[httpx.Request] = []

        def api(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(201, json={"id": "ch_1", "amount": 1250,
                                             "currency": "eur", "status": "pending"})

        charge = make_client(api).charge(1250, "eur")
        assert charge == Charge("ch_1", 1250, "eur", "pending")
        assert len(seen) == 1

Where to start
--------------
Implement ``make_client``. Then write a handler that answers a scripted list of responses (or
exceptions) and records the requests: a small class with ``__call__`` does it. Go through
each sentence of the docstrings of ``payments.py``: which request should it produce, and what
should the caller get back? Run your tests with ``pytest katas/mock_or_stub.py`` and grade them
with ``nox -s check -- mock_or_stub``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from katas.payments import (
    CardDeclined,
    Charge,
    PaymentError,
    PaymentNotFound,
    PaymentsClient,
    PaymentsUnavailable,
)

API_KEY = "sk_test_123"

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(handler: Handler, *, retries: int = 2) -> PaymentsClient:
    """A PaymentsClient with the key ``API_KEY`` whose requests ``handler`` answers."""
    raise NotImplementedError
