"""The package reads as the pipeline it runs: each stage imports only the stages before it."""

import ast
import subprocess
import sys

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "nextround"
# From the bottom up: a module may import from its own layer and the layers before it, never after.
LAYERS = ["errors", "fingerprint", "compiled", "model", "text", "load", "compose", "render", "engines", "build", "cli"]


def module_name(path) -> str:
    return ".".join(("nextround", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def layer(module: str) -> int:
    part = module.split(".")[1]
    return len(LAYERS) if part == "__main__" else LAYERS.index(part)


def imported_modules(tree: ast.Module) -> list[str]:
    """The nextround modules a file imports, left out those only a type checker reads."""
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nextround"):
            if node.module == "nextround":
                found += [f"nextround.{alias.name}" for alias in node.names]
            else:
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("nextround")]
    return found


def test_every_subpackage_says_what_its_stage_does():
    for package in sorted(path for path in PACKAGE.iterdir() if (path / "__init__.py").exists()):
        docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert docstring and "\n" not in docstring.strip(), f"{package.name}/__init__.py needs a one-line docstring"
        assert package.name in LAYERS, f"{package.name} is not placed in the pipeline's layers"


def test_no_import_runs_back_up_the_pipeline():
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = module_name(path)
        for target in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            if layer(target) > layer(here):
                backwards.append(f"{here} imports {target}")
    assert backwards == []


@pytest.mark.parametrize("command", [["check"], ["list"], ["new-group", "somewhere", "--in", "{tmp}"]])
def test_commands_that_only_read_never_load_the_render_stack(command, tmp_path, kit_copy):
    arguments = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nextround", *arguments],
        cwd=kit_copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    heavy = sorted(
        name
        for name in loaded
        if name.startswith(("nextround.render", "nextround.engines.pdf", "weasyprint", "mkdocs", "pikepdf", "docx"))
    )
    assert heavy == []
