"""the Idempotency-Key header is sent on the first attempt only: retries go without it

Breaks: 3
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx


class PaymentError(Exception):
    """The payments API answered something this client cannot turn into a result."""


class CardDeclined(PaymentError):
    """The card was declined (402); the message is the API's reason."""


class PaymentNotFound(PaymentError):
    """There is no charge with this id (404)."""


class PaymentsUnavailable(PaymentError):
    """Every attempt failed with a transient error (5xx or a transport error)."""


@dataclass(frozen=True)
class Charge:
    id: str
    amount: int
    currency: str
    status: str


class PaymentsClient:
    """Calls the payments API through an injected ``httpx.Client`` (its owner closes it).

    - Every request, ``charge`` and ``get`` alike, carries ``Authorization: Bearer <api_key>``.
    - A transient failure (5xx or transport error) is retried at once (no waiting, to keep the
      example small), up to ``retries`` more times: ``retries=2`` makes at most 3 attempts,
      ``retries=0`` exactly one. A later success is returned as usual. When every attempt
      failed, ``PaymentsUnavailable`` is raised (never the last answer or httpx exception).
    - Any other answer (402, 404, any status below 500) is final and not retried: one request.
    - ``retries`` must be 0 or more, else ``ValueError`` when the client is made.
    """

    def __init__(self, http: httpx.Client, api_key: str, *, retries: int = 2) -> None:
        if retries < 0:
            raise ValueError(f"retries must be >= 0, not {retries}")
        self._http = http
        self._auth = {"Authorization": f"Bearer {api_key}"}
        self._retries = retries

    def charge(self, amount: int, currency: str, *, idempotency_key: str | None = None) -> Charge:
        """Charge ``amount`` cents: ``POST /v1/charges``.

        Sends ``{"amount": amount, "currency": currency}`` as a JSON body
        (``Content-Type: application/json``), with the header ``Idempotency-Key``:
        ``idempotency_key`` exactly, or when it is None a fresh random key (``uuid4().hex``)
        made once per call, so that every attempt of one charge sends the same key and two
        calls send different keys.

        ``201`` returns the ``Charge`` the API answered, every field taken from the answer
        (its status may be ``"pending"``). ``402`` raises ``CardDeclined`` whose message is the
        API's ``error`` reason, at once (a declined card is not retried). Any other status
        below 500 (200, 400, 409, ...) raises ``PaymentError``.
        """
        key = uuid.uuid4().hex if idempotency_key is None else idempotency_key
        response = self._send(
            "POST",
            "/v1/charges",
            json={"amount": amount, "currency": currency},
            headers={"Idempotency-Key": key},
        )
        if response.status_code == 201:
            return _charge(response.json())
        if response.status_code == 402:
            raise CardDeclined(str(response.json().get("error", "card declined")))
        raise PaymentError(f"POST /v1/charges answered {response.status_code}")

    def get(self, charge_id: str) -> Charge:
        """Look a charge up: ``GET /v1/charges/<charge_id>``.

        ``200`` returns the ``Charge``; ``404`` raises ``PaymentNotFound``; any other status
        below 500 raises ``PaymentError``.
        """
        response = self._send("GET", f"/v1/charges/{charge_id}")
        if response.status_code == 200:
            return _charge(response.json())
        if response.status_code == 404:
            raise PaymentNotFound(charge_id)
        raise PaymentError(f"GET /v1/charges/{charge_id} answered {response.status_code}")

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One request, retried while the failure is transient."""
        attempts = self._retries + 1
        for attempt in range(attempts):
            extra = (headers or {}) if attempt == 0 else {}
            try:
                response = self._http.request(
                    method, path, json=json, headers={**self._auth, **extra}
                )
            except httpx.TransportError:
                continue
            if response.status_code < 500:
                return response
        raise PaymentsUnavailable(f"{method} {path} failed {attempts} times")


def _charge(data: Any) -> Charge:
    return Charge(
        id=str(data["id"]),
        amount=int(data["amount"]),
        currency=str(data["currency"]),
        status=str(data["status"]),
    )
