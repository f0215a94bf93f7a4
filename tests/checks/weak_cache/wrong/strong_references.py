"""Strong references: the bus keeps a plain list of callables.

Works while everyone is alive, but every subscriber (and, through a bound method, its whole
object) now lives as long as the bus: deleted listeners keep receiving events.

Caught by: test_bus_does_not_keep_objects_alive, test_bus_does_not_keep_functions_alive
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Subscriber = Callable[["Event"], None]


@dataclass(frozen=True)
class Event:
    topic: str
    payload: dict[str, object] = field(default_factory=dict)


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, callback: Subscriber) -> None:
        if not callable(callback):
            raise TypeError(f"subscriber must be callable, got {type(callback).__name__}")
        self._subscribers.append(callback)

    def publish(self, event: Event) -> int:
        for callback in self._subscribers:
            callback(event)
        return len(self._subscribers)

    def __len__(self) -> int:
        return len(self._subscribers)


class Reading:
    __slots__ = ("sensor", "timestamp", "value")

    def __init__(self, sensor: str, timestamp: float, value: float) -> None:
        self.sensor = sensor
        self.timestamp = timestamp
        self.value = value
