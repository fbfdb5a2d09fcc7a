"""`nextround new-group`: a commented group.yml that builds as it is."""

from __future__ import annotations

import os
import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from nextround.errors import BuildError, display_path
from nextround.model.group import GROUP_SCHEMA_NAME, group_file

GROUP_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ENV = Environment(
    loader=PackageLoader("nextround.compose", "templates"), undefined=StrictUndefined, keep_trailing_newline=True
)


def new_group(parent: Path, name: str, kit_root: Path) -> Path:
    """Write parent/name/group.yml, pointing editors at the kit's group schema, and return its path;
    refuse to overwrite one."""
    if not GROUP_NAME.match(name):
        raise BuildError(
            f"'{name}' cannot name a group folder. "
            "Use lowercase letters and digits joined by hyphens, for example `riverside`."
        )
    path = group_file(parent / name)
    if path.exists():
        raise BuildError(f"{display_path(path)} already exists. Edit it, or choose another name.")
    title = name.replace("-", " ").title() + " group"
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = Path(os.path.relpath(kit_root / "content" / GROUP_SCHEMA_NAME, path.parent)).as_posix()
    path.write_text(_ENV.get_template("group.yml.j2").render(name=name, title=title, schema=schema), encoding="utf-8")
    return path
