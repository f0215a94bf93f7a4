"""Hidden mypy checks for the asgi_by_hand kata."""

from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import httpx

from katas.asgi_by_hand import ASGIApplication, Message, Receive, Scope, Send, asgi_app, wsgi_app


def check_wsgi_app_is_a_wsgi_application() -> None:
    """wsgi_app matches wsgiref.types.WSGIApplication and httpx.WSGITransport accepts it

    Rules: 13
    """
    app: WSGIApplication = wsgi_app
    httpx.WSGITransport(app=wsgi_app)
    httpx.WSGITransport(app=app)


def check_wsgi_app_returns_bytes_chunks() -> None:
    """wsgi_app returns an iterable of bytes, not of str

    Rules: 13
    """

    def use(environ: WSGIEnvironment, start_response: StartResponse) -> None:
        chunks: Iterable[bytes] = wsgi_app(environ, start_response)
        texts: Iterable[str] = wsgi_app(environ, start_response)  # type: ignore[assignment]
        print(chunks, texts)


def check_wsgi_app_needs_a_start_response() -> None:
    """start_response must be a StartResponse callable (print is not one)

    Rules: 13
    """

    def use(environ: WSGIEnvironment) -> None:
        wsgi_app(environ, print)  # type: ignore[arg-type]


def check_asgi_app_is_an_asgi_application() -> None:
    """asgi_app matches the ASGIApplication protocol and httpx.ASGITransport accepts it

    Rules: 13
    """
    app: ASGIApplication = asgi_app
    httpx.ASGITransport(app=asgi_app)
    httpx.ASGITransport(app=app)


def check_asgi_app_is_a_coroutine_function() -> None:
    """asgi_app must be awaited: calling it without await is flagged

    Rules: 13
    """

    async def use(scope: Scope, receive: Receive, send: Send) -> None:
        await asgi_app(scope, receive, send)
        asgi_app(scope, receive, send)  # type: ignore[unused-coroutine]


def check_asgi_receive_and_send_must_be_async() -> None:
    """receive and send are async callables: plain functions are rejected

    Rules: 13
    """

    def receive_now() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    def send_now(message: Message) -> None:
        pass

    async def ok_receive() -> Message:
        return receive_now()

    async def use(scope: Scope, send: Send) -> None:
        await asgi_app(scope, receive_now, send)  # type: ignore[arg-type]
        await asgi_app(scope, ok_receive, send_now)  # type: ignore[arg-type]


def check_the_wsgi_app_is_not_an_asgi_app() -> None:
    """the two interfaces are not interchangeable: each transport rejects the other app

    Rules: 13
    """
    httpx.ASGITransport(app=wsgi_app)  # type: ignore[arg-type]
    wrong: WSGIApplication = asgi_app  # type: ignore[assignment]
    print(wrong)
