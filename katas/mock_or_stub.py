"""Mock or stub: test an HTTP API client with httpx.MockTransport, and assert the interactions.

Task
----
``katas/payments.py`` is a small, correct client for a card-payments API: ``PaymentsClient``
charges cards and looks charges up through an injected ``httpx.Client``, with retries,
idempotency keys and error mapping. Read it first: its docstrings are the specification. Your
job is to write its tests, in THIS file.

Rules
-----
1. ``charge(amount, currency)`` sends a ``POST`` to the path ``/v1/charges`` whose body is the
   JSON object ``{"amount": amount, "currency": currency}`` (``Content-Type:
   application/json``).
2. Every request, from ``charge`` and from ``get`` alike, carries the header
   ``Authorization: Bearer <api_key>``.
3. A charge given an ``idempotency_key`` sends exactly that key in the ``Idempotency-Key``
   header, on every attempt.
4. A charge without an ``idempotency_key`` still sends an ``Idempotency-Key``: a random key
   made once per call, the SAME on every attempt (retry) of that call.
5. Two charges made without an ``idempotency_key`` send two different keys.
6. A ``201`` answer to a charge returns the ``Charge`` the API answered, every field taken
   from the answer (``id``, ``amount``, ``currency``, and a ``status`` that may be
   ``"pending"``).
7. A ``402`` answer raises ``CardDeclined`` whose message is the API's ``error`` reason.
8. Any other answer below 500 raises ``PaymentError``: to a charge anything but 201 and 402
   (200, 400, 409, ...), to a lookup anything but 200 and 404.
9. ``get(charge_id)`` sends ``GET /v1/charges/<charge_id>``; a ``200`` answer returns the
   ``Charge`` the API answered.
10. A ``404`` answer to ``get`` raises ``PaymentNotFound``.
11. A ``5xx`` answer, any status from 500 (included) to 599, is transient: the same request
    is sent again, and a later success is returned as usual.
12. A transport error is transient in the same way, whether the connection failed
    (``httpx.ConnectError``) or timed out (``httpx.ReadTimeout``).
13. ``retries=N`` allows at most N + 1 attempts (``retries=0``: exactly one). When every
    attempt failed transiently, with 5xx answers or transport errors alike,
    ``PaymentsUnavailable`` is raised (never the last answer or the httpx exception).
14. An answer that is not transient (402, 404, any status below 500) is final: exactly one
    request, no retry.
15. ``retries`` must be 0 or more: ``retries=0`` is valid, a negative value raises
    ``ValueError`` when the client is made.
16. ``make_client(handler, *, retries=2)`` below is typed: it takes a function from
    ``httpx.Request`` to ``httpx.Response`` (and an int) and returns a ``PaymentsClient``.

How you are graded
------------------
- The grader runs your tests against the correct ``payments.py``, where every test must pass,
  and then against several hidden *mutants* of it, each with one realistic bug planted (a
  header not sent, a retry too many or too few, an error mapped wrongly, ...). A mutant is
  *killed* when at least one of your tests fails on it. You solve the kata when your tests
  pass on the correct code and kill every mutant; for a survivor the grader names the
  behaviour you did not check.
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
This test shows the tools; it passes on the correct code, but it is not the whole of any
rule::

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
the rules one at a time: which requests should each produce, and what should the caller get
back? Run your tests with ``pytest katas/mock_or_stub.py`` and grade them
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
