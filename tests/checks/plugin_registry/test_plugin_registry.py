"""Hidden pytest checks for the plugin_registry kata: __init_subclass__ and a metaclass.

Every behaviour test runs twice, once on ``Plugin`` (``__init_subclass__``) and once on
``MetaPlugin`` (the metaclass). The registries are global, so each test uses fresh names.
"""

from __future__ import annotations

import abc
import itertools
from typing import Any

import pytest

from katas.plugin_registry import MetaPlugin, Plugin, PluginMeta

_numbers = itertools.count(1)


def fresh(stem: str) -> str:
    """A plugin name no other test uses."""
    return f"{stem}-{next(_numbers)}"


@pytest.fixture(params=["Plugin", "MetaPlugin"])
def base(request: pytest.FixtureRequest) -> Any:
    """The base class under test: Plugin (__init_subclass__) or MetaPlugin (metaclass)."""
    return Plugin if request.param == "Plugin" else MetaPlugin


@pytest.mark.rule(1, 8)
def test_named_subclass_is_registered(base: Any) -> None:
    """a subclass declared with name="..." is registered under that name"""
    name = fresh("csv")

    class Csv(base, name=name):
        content_type = "text/csv"
        extension = "csv"

    assert base.lookup(name) is Csv, (
        f"expected {base.__name__}.lookup({name!r}) to return the Csv class, "
        f"got {base.lookup(name)!r}"
    )
    assert Csv.name == name, f"expected Csv.name == {name!r}, got {Csv.name!r}"
    registered = base.registered()
    assert registered.get(name) is Csv, (
        f"expected {base.__name__}.registered()[{name!r}] to be Csv, got {registered.get(name)!r}"
    )


@pytest.mark.rule(1)
def test_subclass_of_a_plugin_gets_its_own_entry(base: Any) -> None:
    """a named subclass of a plugin is registered under its own name, next to its parent"""
    csv_name, tsv_name = fresh("csv"), fresh("tsv")

    class Csv(base, name=csv_name):
        content_type = "text/csv"
        extension = "csv"

    class Tsv(Csv, name=tsv_name):
        extension = "tsv"

    found = (base.lookup(csv_name), base.lookup(tsv_name))
    assert found == (Csv, Tsv), f"expected lookups to give (Csv, Tsv), got {found}"
    assert (Csv.name, Tsv.name) == (csv_name, tsv_name), (
        f"expected names ({csv_name!r}, {tsv_name!r}), got {(Csv.name, Tsv.name)}"
    )


@pytest.mark.rule(2, 5)
def test_abstract_intermediates_are_not_registered(base: Any) -> None:
    """the base class and abstract=True intermediates are never registered"""
    name = fresh("txt")

    class TextExporter(base, abstract=True):
        content_type = "text/plain"

    class Txt(TextExporter, name=name):
        extension = "txt"

    registered = base.registered()
    assert TextExporter not in registered.values(), (
        f"the abstract=True class TextExporter must not be registered; registry: {registered}"
    )
    assert base not in registered.values(), (
        f"the base class {base.__name__} itself must not be registered; registry: {registered}"
    )
    assert registered.get(name) is Txt, (
        f"expected the concrete Txt (inheriting content_type from its abstract base) under "
        f"{name!r}; got {registered.get(name)!r}"
    )


@pytest.mark.rule(2)
def test_abstract_intermediates_are_not_checked(base: Any) -> None:
    """an abstract=True intermediate may define none of the required attributes"""
    name = fresh("txt")

    class Marker(base, abstract=True):
        pass

    class TextExporter(Marker, abstract=True):
        extension = "txt"

    class Txt(TextExporter, name=name):
        content_type = "text/plain"

    assert base.lookup(name) is Txt, (
        f"expected Txt under {name!r} after two abstract bases without content_type; "
        f"registry: {base.registered()}"
    )


@pytest.mark.rule(5)
def test_required_attributes_may_come_from_any_ancestor(base: Any) -> None:
    """content_type and extension may be inherited from any class in the MRO, not only a parent"""

    class Media:
        content_type = "image/png"

    class Picture(Media):
        pass

    class Exporter(base, abstract=True):
        extension = "png"

    class Shared(Exporter, abstract=True):
        pass

    name = fresh("png")

    class Png(Picture, Shared, name=name):
        pass

    assert base.lookup(name) is Png, (
        "expected Png to be accepted: content_type comes from a mixin's base and extension "
        f"from an abstract grandparent; registry: {base.registered()}"
    )


@pytest.mark.rule(3, 6)
def test_missing_name_is_rejected(base: Any) -> None:
    """a subclass that is neither named nor abstract raises TypeError when it is defined"""
    before = base.registered()
    with pytest.raises(TypeError):

        class Nameless(base):
            content_type = "text/plain"
            extension = "txt"

    after = base.registered()
    assert after == before, f"a rejected class must not be registered; registry grew to {after}"


@pytest.mark.rule(3, 6)
def test_unnamed_subclass_of_a_plugin_is_rejected(base: Any) -> None:
    """a subclass of a concrete plugin or of an abstract base still needs its own name"""
    name = fresh("csv")

    class Csv(base, name=name):
        content_type = "text/csv"
        extension = "csv"

    class Exporter(base, abstract=True):
        content_type = "text/plain"
        extension = "txt"

    before = base.registered()
    for parent in (Csv, Exporter):
        try:

            class Unnamed(parent):
                extension = "tsv"

        except TypeError:
            pass
        except Exception as error:
            pytest.fail(
                f"class Unnamed({parent.__name__}) without name= should raise TypeError (an "
                f"inherited name or abstract flag does not count), got {error!r}"
            )
        else:
            pytest.fail(
                f"class Unnamed({parent.__name__}) without name= should raise TypeError (an "
                "inherited name or abstract flag does not count), but it was accepted"
            )
    after = base.registered()
    assert after == before, f"rejected classes must leave no trace; registry became {after}"
    assert base.lookup(name) is Csv, f"{name!r} should still be Csv, got {base.lookup(name)!r}"


@pytest.mark.rule(1, 4)
def test_names_are_compared_exactly(base: Any) -> None:
    """names that differ only in case are two names, each registered as written"""
    name = fresh("json")

    class Json(base, name=name):
        content_type = "application/json"
        extension = "json"

    class LoudJson(base, name=name.upper()):
        content_type = "application/json"
        extension = "JSON"

    found = (base.lookup(name), base.lookup(name.upper()))
    assert found == (Json, LoudJson), (
        f"expected {name!r} -> Json and {name.upper()!r} -> LoudJson, got {found}"
    )
    assert LoudJson.name == name.upper(), f"expected the name as written, got {LoudJson.name!r}"


@pytest.mark.rule(4)
def test_duplicate_name_is_rejected_at_class_creation(base: Any) -> None:
    """a second class with a registered name raises ValueError in its class statement"""
    name = fresh("json")

    class Json(base, name=name):
        content_type = "application/json"
        extension = "json"

    with pytest.raises(ValueError, match=name):

        class OtherJson(base, name=name):
            content_type = "application/json"
            extension = "js"

    assert base.lookup(name) is Json, (
        f"after the rejected duplicate, {name!r} should still map to the first class Json; "
        f"got {base.lookup(name)!r}"
    )


@pytest.mark.rule(5, 6)
@pytest.mark.parametrize("missing", ["content_type", "extension"])
def test_missing_required_attribute_is_rejected(base: Any, missing: str) -> None:
    """a plugin without content_type or extension raises TypeError and is not registered"""
    name = fresh("xml")
    attributes = {"content_type": "application/xml", "extension": "xml"}
    del attributes[missing]
    with pytest.raises(TypeError):
        type(base)("Xml", (base,), dict(attributes), name=name)
    assert name not in base.registered(), (
        f"the class missing {missing} was rejected, so {name!r} must not be registered"
    )

    class Xml(base, name=name):
        content_type = "application/xml"
        extension = "xml"

    assert base.lookup(name) is Xml, (
        f"after a rejected attempt, a valid class should be able to take the name {name!r}"
    )


@pytest.mark.rule(6, 7)
def test_unknown_class_keyword_is_rejected(base: Any) -> None:
    """an unknown keyword in the class statement raises TypeError"""
    name = fresh("yaml")
    with pytest.raises(TypeError):

        class Yaml(base, name=name, colour="blue"):
            content_type = "application/yaml"
            extension = "yaml"

    assert name not in base.registered(), f"{name!r} was rejected and must not be registered"


@pytest.mark.rule(8)
def test_lookup_of_an_unknown_name_raises_key_error(base: Any) -> None:
    """lookup() of a name nobody registered raises KeyError"""
    with pytest.raises(KeyError):
        base.lookup(fresh("nobody"))


@pytest.mark.rule(8)
def test_registered_returns_a_copy(base: Any) -> None:
    """changing the dict returned by registered() does not change the registry"""
    name = fresh("md")

    class Markdown(base, name=name):
        content_type = "text/markdown"
        extension = "md"

    snapshot = base.registered()
    snapshot.clear()
    snapshot["intruder"] = Markdown
    assert base.lookup(name) is Markdown, "clearing the returned dict emptied the registry"
    assert "intruder" not in base.registered(), "a key added to the returned dict was registered"


@pytest.mark.rule(9)
def test_hierarchies_have_separate_registries() -> None:
    """Plugin and MetaPlugin keep separate registries: one name can be used once in each"""
    name = fresh("html")

    class Html(Plugin, name=name):
        content_type = "text/html"
        extension = "html"

    class MetaHtml(MetaPlugin, name=name):
        content_type = "text/html"
        extension = "htm"

    assert Plugin.lookup(name) is Html, f"Plugin.lookup({name!r}) should be Html"
    assert MetaPlugin.lookup(name) is MetaHtml, f"MetaPlugin.lookup({name!r}) should be MetaHtml"
    leaked = [cls for cls in Plugin.registered().values() if issubclass(cls, MetaPlugin)]
    assert leaked == [], f"Plugin.registered() contains MetaPlugin classes: {leaked}"


@pytest.mark.rule(10)
def test_each_version_uses_its_mechanism() -> None:
    """MetaPlugin is built by the PluginMeta metaclass; Plugin needs none and mixes with ABC"""
    assert isinstance(MetaPlugin, PluginMeta), "MetaPlugin's metaclass should be PluginMeta"
    assert not isinstance(Plugin, PluginMeta), (
        "Plugin should use __init_subclass__, not the PluginMeta metaclass"
    )
    name = fresh("pdf")

    class AbstractExporter(Plugin, abc.ABC, abstract=True):
        content_type = "application/pdf"

        @abc.abstractmethod
        def render(self) -> bytes: ...

    class Pdf(AbstractExporter, name=name):
        extension = "pdf"

        def render(self) -> bytes:
            return b"%PDF"

    assert Plugin.lookup(name) is Pdf, "a Plugin that also derives from abc.ABC should register"


@pytest.mark.rule(10)
def test_metaclass_registers_without_init_subclass() -> None:
    """PluginMeta registers subclasses even when a base's __init_subclass__ skips super()"""

    class Quiet(MetaPlugin, abstract=True):
        content_type = "text/plain"

        def __init_subclass__(cls, **kwargs: Any) -> None:
            """Ends the __init_subclass__ chain here: only the metaclass still sees subclasses."""

    name = fresh("log")

    class Log(Quiet, name=name):
        extension = "log"

    assert MetaPlugin.lookup(name) is Log, (
        "expected PluginMeta.__new__ to register Log even though Quiet.__init_subclass__ does "
        "not call super(): the metaclass version must not work through __init_subclass__"
    )
    with pytest.raises(TypeError):

        class Unnamed(Quiet):
            extension = "txt"
