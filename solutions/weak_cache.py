"""Weak references and __slots__: reference solution."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

Subscriber = Callable[["Event"], None]


@dataclass(frozen=True)
class Event:
    """Something that happened: a topic and an optional payload. (Given, nothing to do.)"""

    topic: str
    payload: dict[str, object] = field(default_factory=dict)


class EventBus:
    """Publishes events to subscribers it references only weakly."""

    def __init__(self) -> None:
        self._subscribers: list[weakref.ref[Subscriber]] = []

    def subscribe(self, callback: Subscriber) -> None:
        """Register callback without keeping it (or the object it is bound to) alive."""
        if not callable(callback):
            raise TypeError(f"subscriber must be callable, got {type(callback).__name__}")
        # A bound method is a fresh object on every attribute access: a plain ref to it
        # would die at once. WeakMethod references the instance and the function instead.
        reference: weakref.ref[Subscriber] = (
            weakref.WeakMethod(callback) if inspect.ismethod(callback) else weakref.ref(callback)
        )
        self._subscribers.append(reference)

    def publish(self, event: Event) -> int:
        """Call every live subscriber with event; return how many were called."""
        live = [(ref, callback) for ref in self._subscribers if (callback := ref()) is not None]
        self._subscribers = [ref for ref, _ in live]  # prune the dead entries
        for _, callback in live:
            callback(event)
        return len(live)

    def __len__(self) -> int:
        """The number of live subscribers."""
        return sum(1 for ref in self._subscribers if ref() is not None)


class Reading:
    """One sensor reading, stored in slots rather than a per-instance __dict__."""

    __slots__ = ("sensor", "timestamp", "value")

    def __init__(self, sensor: str, timestamp: float, value: float) -> None:
        self.sensor = sensor
        self.timestamp = timestamp
        self.value = value
