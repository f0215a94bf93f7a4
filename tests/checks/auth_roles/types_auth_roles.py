"""Hidden mypy checks for the `auth_roles` kata."""

import time
from collections.abc import Awaitable, Callable
from typing import assert_type

from fastapi import FastAPI

from katas.auth_roles import Claims, TokenSigner, create_app, require_role


def check_signer_types() -> None:
    """the secret is bytes, issue returns str and verify returns Claims

    Rules: 11
    """
    signer = TokenSigner(b"secret", clock=time.monotonic)
    assert_type(signer.issue("alice", "admin", ttl=60), str)
    assert_type(signer.verify("token"), Claims)
    assert_type(signer.verify("token").role, str)
    TokenSigner("secret")  # type: ignore[arg-type]
    TokenSigner(b"secret", clock="now")  # type: ignore[arg-type]
    signer.issue("alice", "admin", ttl="60")  # type: ignore[arg-type]


def check_require_role_returns_a_dependency() -> None:
    """require_role(role) returns an async dependency taking and returning Claims

    Rules: 11
    """
    dependency = require_role("admin")
    assert_type(dependency, Callable[[Claims], Awaitable[Claims]])
    require_role(["admin"])  # type: ignore[arg-type]


def check_create_app() -> None:
    """create_app takes a TokenSigner and returns a FastAPI app

    Rules: 11
    """
    assert_type(create_app(TokenSigner(b"secret")), FastAPI)
    create_app(b"secret")  # type: ignore[arg-type]
