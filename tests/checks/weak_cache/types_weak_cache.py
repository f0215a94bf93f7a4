"""Hidden mypy checks for the weak_cache kata."""

from typing import assert_type

from katas.weak_cache import Event, EventBus, Reading


class Dashboard:
    def on_event(self, event: Event) -> None:
        pass

    def on_number(self, number: int) -> None:
        pass


def check_subscribe_accepts_event_handlers() -> None:
    """subscribe() accepts any callable taking an Event: functions, bound methods, lambdas

    Rules: 1, 2, 3
    """
    bus = EventBus()

    def handler(event: Event) -> None:
        pass

    def broad(event: object) -> None:
        pass

    bus.subscribe(handler)
    bus.subscribe(broad)
    bus.subscribe(Dashboard().on_event)
    bus.subscribe(lambda event: print(event.topic))
    assert_type(bus.publish(Event("deploy")), int)
    assert_type(len(bus), int)


def check_subscribe_rejects_wrong_callbacks() -> None:
    """a callback that cannot take an Event, or a non-callable, is rejected

    Rules: 1, 2
    """
    bus = EventBus()

    def two_arguments(event: Event, extra: int) -> None:
        pass

    bus.subscribe(Dashboard().on_number)  # type: ignore[arg-type]
    bus.subscribe(two_arguments)  # type: ignore[arg-type]
    bus.subscribe(42)  # type: ignore[arg-type]
    bus.publish("deploy")  # type: ignore[arg-type]


def check_reading_fields_are_typed() -> None:
    """Reading's fields are typed: str, float, float

    Rules: 8
    """
    reading = Reading("boiler", 1700000000.0, 71.5)
    assert_type(reading.sensor, str)
    assert_type(reading.timestamp, float)
    assert_type(reading.value, float)
    Reading("boiler", "yesterday", 71.5)  # type: ignore[arg-type]


def check_reading_rejects_unknown_attributes() -> None:
    """assigning an undeclared attribute to a Reading is a type error

    Rules: 10
    """
    reading = Reading("boiler", 1700000000.0, 71.5)
    assert_type(reading.value, float)
    reading.unit = "C"  # type: ignore[attr-defined]
