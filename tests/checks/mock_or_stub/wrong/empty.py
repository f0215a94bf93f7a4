"""An empty test module: a helper but no test functions, so nothing is checked.

Caught by: tests_pass_on_correct_code
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
