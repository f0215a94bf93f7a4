"""Takes the class keywords through a bare **kwargs, so mypy cannot check class statements.

At runtime ``name``/``abstract`` are popped from ``kwargs`` and everything works, but mypy now
accepts ``class X(Plugin, name=3)``: one of the reasons to prefer ``__init_subclass__`` (typed
keywords) over a metaclass is thrown away.

Caught by: check_class_keywords_are_type_checked
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

REQUIRED_ATTRIBUTES = ("content_type", "extension")


def _checked_name(cls: type, name: Any, registry: Mapping[str, type]) -> str:
    if name is None:
        raise TypeError(f"{cls.__name__} needs a name or abstract=True")
    if name in registry:
        raise ValueError(f"plugin name {name!r} is already used by {registry[name].__name__}")
    missing = [attribute for attribute in REQUIRED_ATTRIBUTES if not hasattr(cls, attribute)]
    if missing:
        raise TypeError(f"plugin {cls.__name__} is missing {', '.join(missing)}")
    return str(name)


class Plugin:
    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]
    _registry: ClassVar[dict[str, type[Plugin]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        name = kwargs.pop("name", None)
        abstract = kwargs.pop("abstract", False)
        super().__init_subclass__(**kwargs)
        if abstract:
            return
        cls.name = _checked_name(cls, name, Plugin._registry)
        Plugin._registry[cls.name] = cls

    @classmethod
    def lookup(cls, name: str) -> type[Plugin]:
        return Plugin._registry[name]

    @classmethod
    def registered(cls) -> dict[str, type[Plugin]]:
        return dict(Plugin._registry)


class PluginMeta(type):
    registry: ClassVar[dict[str, type[MetaPlugin]]] = {}

    def __new__(
        mcs,
        clsname: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        /,
        **kwargs: Any,
    ) -> PluginMeta:
        name = kwargs.pop("name", None)
        abstract = kwargs.pop("abstract", False)
        cls = super().__new__(mcs, clsname, bases, namespace, **kwargs)
        if not bases or abstract:
            return cls
        checked = _checked_name(cls, name, mcs.registry)
        if issubclass(cls, MetaPlugin):
            cls.name = checked
            mcs.registry[checked] = cls
        return cls


class MetaPlugin(metaclass=PluginMeta):
    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]

    @classmethod
    def lookup(cls, name: str) -> type[MetaPlugin]:
        return PluginMeta.registry[name]

    @classmethod
    def registered(cls) -> dict[str, type[MetaPlugin]]:
        return dict(PluginMeta.registry)
