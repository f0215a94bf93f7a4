"""Hidden mypy checks for the plugin_registry kata."""

from typing import assert_type

from katas.plugin_registry import MetaPlugin, Plugin


def check_lookup_returns_a_plugin_class() -> None:
    """lookup() returns type[Plugin] (type[MetaPlugin]), not Any or type

    Rules: 11
    """
    assert_type(Plugin.lookup("csv"), type[Plugin])
    assert_type(MetaPlugin.lookup("csv"), type[MetaPlugin])
    exporter = Plugin.lookup("csv")
    assert_type(exporter.content_type, str)
    assert_type(exporter.name, str)
    exporter.render()  # type: ignore[attr-defined]
    MetaPlugin.lookup("csv").render()  # type: ignore[attr-defined]


def check_registered_is_a_dict_of_plugin_classes() -> None:
    """registered() returns dict[str, type[Plugin]] (dict[str, type[MetaPlugin]])

    Rules: 11
    """
    assert_type(Plugin.registered(), dict[str, type[Plugin]])
    assert_type(MetaPlugin.registered(), dict[str, type[MetaPlugin]])
    Plugin.registered()["csv"] = int  # type: ignore[assignment]
    MetaPlugin.registered()["csv"].render()  # type: ignore[attr-defined]


def check_lookup_takes_a_name() -> None:
    """lookup() takes a str name; a class or a number is rejected

    Rules: 11
    """
    Plugin.lookup("csv")
    MetaPlugin.lookup("csv")
    Plugin.lookup(3)  # type: ignore[arg-type]
    MetaPlugin.lookup(b"csv")  # type: ignore[arg-type]


def check_class_keywords_are_type_checked() -> None:
    """__init_subclass__ declares its keywords: name must be a str and abstract a bool

    Rules: 11
    """

    class Csv(Plugin, name="csv"):
        content_type = "text/csv"
        extension = "csv"

    class Base(Plugin, abstract=True):
        content_type = "text/plain"

    class Numbered(Plugin, name=3):  # type: ignore[arg-type]
        content_type = "text/plain"
        extension = "txt"

    class Vague(Plugin, abstract="yes"):  # type: ignore[arg-type]
        content_type = "text/plain"

    assert_type(Csv.name, str)
