"""The interface strings of a build, by name: what templates print as `{{ t.clear_ticks }}`."""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

from nextround.errors import BuildError
from nextround.model.translation import INTERFACE_FILE


class InterfaceText:
    """The strings of content/interface.yml, as `t.name` (templates) or `t["name"]` (code).

    A name the file lacks stops the build and says which, where a template would
    print nothing or a dict would raise a bare KeyError. The class has no methods
    of its own, so no string's name can hide behind one.

    In interface.yml a brace shown as itself is always written twice (`{{`), as in
    a string with values, which is filled where it is used (text/interface.py).
    A string without values is used as it is, so it comes back with its braces
    made single here.
    """

    __slots__ = ("_strings",)

    def __init__(self, strings: Mapping[str, str]):
        self._strings = dict(strings)

    def __getitem__(self, name: str) -> str:
        try:
            text = self._strings[name]
        except KeyError:
            raise BuildError(
                f"content/{INTERFACE_FILE}: there is no string named '{name}', and the kit needs it. "
                f"Add `{name}:` with its words under `strings:`, as in the kit's own content/{INTERFACE_FILE}."
            ) from None
        return text if _has_values(text) else text.format()

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):  # copy and pickle look for these before __init__ has run
            raise AttributeError(name)
        return self[name]


def _has_values(text: str) -> bool:
    return any(name is not None for _, name, _, _ in Formatter().parse(text))
