"""Both hierarchies write to one module-level registry, so they collide.

``Plugin`` and ``MetaPlugin`` are meant to be independent; with one shared dict a name used in
one hierarchy cannot be used in the other, and each ``registered()`` shows the other's classes.

Caught by: test_hierarchies_have_separate_registries
"""

from __future__ import annotations

from typing import Any, ClassVar

REQUIRED_ATTRIBUTES = ("content_type", "extension")
REGISTRY: dict[str, Any] = {}


def _register(cls: type, name: str | None) -> str:
    if name is None:
        raise TypeError(f"{cls.__name__} needs a name or abstract=True")
    if name in REGISTRY:
        raise ValueError(f"plugin name {name!r} is already used by {REGISTRY[name].__name__}")
    missing = [attribute for attribute in REQUIRED_ATTRIBUTES if not hasattr(cls, attribute)]
    if missing:
        raise TypeError(f"plugin {cls.__name__} is missing {', '.join(missing)}")
    REGISTRY[name] = cls
    return name


class Plugin:
    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]

    def __init_subclass__(
        cls, *, name: str | None = None, abstract: bool = False, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if not abstract:
            cls.name = _register(cls, name)

    @classmethod
    def lookup(cls, name: str) -> type[Plugin]:
        found: type[Plugin] = REGISTRY[name]
        return found

    @classmethod
    def registered(cls) -> dict[str, type[Plugin]]:
        return dict(REGISTRY)


class PluginMeta(type):
    def __new__(
        mcs,
        clsname: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        /,
        *,
        name: str | None = None,
        abstract: bool = False,
        **kwargs: Any,
    ) -> PluginMeta:
        cls = super().__new__(mcs, clsname, bases, namespace, **kwargs)
        if bases and not abstract:
            cls.name = _register(cls, name)  # type: ignore[attr-defined]
        return cls


class MetaPlugin(metaclass=PluginMeta):
    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]

    @classmethod
    def lookup(cls, name: str) -> type[MetaPlugin]:
        found: type[MetaPlugin] = REGISTRY[name]
        return found

    @classmethod
    def registered(cls) -> dict[str, type[MetaPlugin]]:
        return dict(REGISTRY)
