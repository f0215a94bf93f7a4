"""Stubs only: each test checks what the caller gets back, never what was sent.

The handler answers without looking at the request and no test counts the requests, so every
bug in the request (header, body, path, idempotency key) or in the retry policy survives.

Caught by: mutant_no_bearer_scheme, mutant_form_encoded_body, mutant_wrong_get_path
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from katas.payments import CardDeclined, Charge, PaymentNotFound, PaymentsClient

API_KEY = "sk_test_123"
CHARGE = {"id": "ch_1", "amount": 1250, "currency": "eur", "status": "pending"}

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(handler: Handler, *, retries: int = 2) -> PaymentsClient:
    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://pay.example")
    return PaymentsClient(http, api_key=API_KEY, retries=retries)


def answering(*answers: httpx.Response) -> Handler:
    queue = list(answers)

    def api(request: httpx.Request) -> httpx.Response:
        return queue.pop(0)

    return api


def test_charge_returns_the_answer() -> None:
    client = make_client(answering(httpx.Response(201, json=CHARGE)))
    assert client.charge(1250, "eur") == Charge("ch_1", 1250, "eur", "pending")


def test_get_returns_the_answer() -> None:
    client = make_client(answering(httpx.Response(200, json=CHARGE)))
    assert client.get("ch_1") == Charge("ch_1", 1250, "eur", "pending")


def test_a_server_error_is_retried() -> None:
    client = make_client(answering(httpx.Response(503), httpx.Response(201, json=CHARGE)))
    assert client.charge(1250, "eur").id == "ch_1"


def test_declined() -> None:
    answers = [httpx.Response(402, json={"error": "insufficient funds"}) for _ in range(3)]
    with pytest.raises(CardDeclined):
        make_client(answering(*answers)).charge(1250, "eur")


def test_not_found() -> None:
    with pytest.raises(PaymentNotFound):
        make_client(answering(httpx.Response(404))).get("ch_404")
