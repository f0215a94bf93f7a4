"""Hidden mypy checks for the resilient_client kata."""

import time
from typing import assert_type

import httpx

from katas.resilient_client import ResilientClient, RetryPolicy


def check_request_returns_an_httpx_response() -> None:
    """request() returns an httpx.Response

    Rules: 1, 2
    """

    async def use(http: httpx.AsyncClient) -> None:
        client = ResilientClient(http, RetryPolicy(max_attempts=5))
        response = await client.request("GET", "/orders/1", headers={"Accept": "text/plain"})
        assert_type(response, httpx.Response)
        status: str = response  # type: ignore[assignment]
        print(status)
        await client.request("POST", "/orders", json={"id": 1}, headers={"Idempotency-Key": "k"})
        await client.request("PUT", "/blobs/1", content=b"data")


def check_sleep_and_random_are_typed() -> None:
    """sleep must be async and random must return a float

    Rules: 7
    """

    async def fake_sleep(seconds: float) -> None:
        pass

    def text_random() -> str:
        return "0.5"

    def use(http: httpx.AsyncClient) -> None:
        ResilientClient(http, sleep=fake_sleep, random=lambda: 0.5)
        ResilientClient(http, sleep=time.sleep)  # type: ignore[arg-type]
        ResilientClient(http, random=text_random)  # type: ignore[arg-type]


def check_request_arguments_are_typed() -> None:
    """the method and URL are strings and the body is bytes

    Rules: 6
    """

    async def use(client: ResilientClient) -> None:
        await client.request("PUT", "/blobs/1", content=b"data", headers={"X-Trace": "t"})
        await client.request("GET", 42)  # type: ignore[arg-type]
        await client.request("PUT", "/blobs/1", content="text")  # type: ignore[arg-type]
