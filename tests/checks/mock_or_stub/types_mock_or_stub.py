"""Hidden mypy checks for the mock_or_stub kata: the test module's client factory is typed."""

from typing import assert_type

import httpx

from katas.mock_or_stub import make_client
from katas.payments import PaymentsClient


def check_make_client_is_typed() -> None:
    """make_client takes a request handler (and retries) and returns a PaymentsClient

    Rules: 16
    """

    def api(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201)

    def not_a_handler(request: httpx.Request) -> int:
        return 201

    assert_type(make_client(api), PaymentsClient)
    assert_type(make_client(api, retries=0), PaymentsClient)
    make_client("https://pay.example")  # type: ignore[arg-type]
    make_client(api, retries="2")  # type: ignore[arg-type]
    make_client(not_a_handler)  # type: ignore[arg-type]
