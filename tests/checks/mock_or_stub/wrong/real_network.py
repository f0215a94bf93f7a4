"""Tests that talk to a real server instead of a stub transport.

No network is available while grading (and a test must never depend on one): the client's
connection attempts fail, so even the happy path fails on the correct code.

Caught by: tests_pass_on_correct_code
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from katas.payments import PaymentsClient

API_KEY = "sk_test_123"

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(handler: Handler, *, retries: int = 2) -> PaymentsClient:
    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://pay.example")
    return PaymentsClient(http, api_key=API_KEY, retries=retries)


def test_charge_against_the_sandbox() -> None:
    with httpx.Client(base_url="https://sandbox.pay.example", timeout=2) as http:
        charge = PaymentsClient(http, api_key=API_KEY).charge(1250, "eur")
    assert charge.amount == 1250
