"""The generated pages and mkdocs.yml build with any engine that reads mkdocs.yml: MkDocs and Zensical."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from nextround.model.content import SECTIONS


@pytest.fixture(scope="module")
def generated(built) -> Path:
    """The completed mkdocs.yml the build wrote beside the generated pages, in the kit's copy."""
    config = built.parent / ".generated" / "default" / "mkdocs.yml"
    assert config.is_file()
    return config


def paths_in(value, key="") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in paths_in(v, f"{key}.{k}".lstrip("."))]
    if isinstance(value, list):
        return [found for v in value for found in paths_in(v, key)]
    return [(key, value)] if isinstance(value, str) else []


def test_generated_config_has_no_absolute_path(generated):
    config = yaml.safe_load(generated.read_text(encoding="utf-8"))
    absolute = [(key, value) for key, value in paths_in(config) if os.path.isabs(value)]
    assert absolute == []
    # Relative to the config's own folder, as MkDocs and Zensical read them.
    assert (generated.parent / config["docs_dir"] / "index.md").is_file()
    assert (generated.parent / config["theme"]["custom_dir"] / "main.html").is_file()


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


def built_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html") if "downloads" not in p.parts}


def test_mkdocs_and_zensical_build_every_page(generated, kit, tmp_path):
    kit_copy = generated.parents[2]
    # MkDocs: the generated config as it is, written elsewhere.
    mkdocs_site = tmp_path / "mkdocs-site"
    result = run(
        sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(generated), "-d", str(mkdocs_site), cwd=kit_copy
    )
    assert result.returncode == 0, result.stderr
    # Zensical: the generated config as it is, which writes the site beside it.
    result = run(sys.executable, "-m", "zensical", "build", "-f", str(generated), cwd=kit_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    zensical_site = generated.parent / "site"

    wanted = {"index.html"} | {f"{SECTIONS[item.kind]}/{item.id}/index.html" for item in kit.items.values()}
    for engine, site in (("mkdocs", mkdocs_site), ("zensical", zensical_site)):
        assert wanted <= built_pages(site), f"{engine} is missing {sorted(wanted - built_pages(site))}"
        page = BeautifulSoup((site / "letters/available-post/index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.title.string == f"{kit.items['available-post'].title} - {kit.settings.title}", engine
    assert built_pages(mkdocs_site) == built_pages(zensical_site)
