"""weakref.ref() for every subscriber, bound methods included.

obj.on_event builds a new bound-method object on each attribute access; nothing else keeps
that object, so weakref.ref(obj.on_event) is dead as soon as subscribe() returns and the
listener is never called, although the listener itself is alive.

Caught by: test_bound_method_subscriber_is_called, test_subscribers_receive_published_events
"""

from __future__ import annotations

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
        self._subscribers.append(weakref.ref(callback))

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
