"""Tests that only `assert True`: they pass on any code, so every mutant survives.

Caught by: mutant_no_bearer_scheme, mutant_not_found_unmapped
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from katas.payments import PaymentsClient

API_KEY = "sk_test_123"
CHARGE = {"id": "ch_1", "amount": 1250, "currency": "eur", "status": "pending"}

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(handler: Handler, *, retries: int = 2) -> PaymentsClient:
    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://pay.example")
    return PaymentsClient(http, api_key=API_KEY, retries=retries)


def test_charge() -> None:
    assert True


def test_get() -> None:
    assert True
