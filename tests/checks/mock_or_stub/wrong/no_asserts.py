"""Tests that drive the client through a MockTransport but assert nothing.

Every code path runs (even the 404 and the retries), yet no answer and no request is checked.

Caught by: mutant_no_bearer_scheme, mutant_form_encoded_body, mutant_one_attempt_too_few
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


def test_everything_runs() -> None:
    answers = [httpx.Response(503), httpx.Response(201, json=CHARGE), httpx.Response(404)]

    def api(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    client = make_client(api)
    client.charge(1250, "eur")
    try:
        client.get("ch_404")
    except Exception:
        pass
