"""The publish workflow's steps, run here as GitHub's runner runs them: for tests/test_publish.py, and for
the session's `published` folder (conftest.py), which several test modules read."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import RIVERSIDE, ROOT, copy_kit, run_nextround

WORKFLOWS = ROOT / ".github" / "workflows"
SITE_URL = "https://example.github.io/next-round"
VENV_BIN = Path(sys.executable).parent


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def publish_steps() -> list[dict]:
    return workflow("publish.yml")["jobs"]["publish"]["steps"]


def step_running(text: str) -> dict:
    (step,) = [step for step in publish_steps() if text in step.get("run", "")]
    return step


def run_step(step: dict, cwd: Path, expressions: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a workflow step's shell command as the runner does (bash -e), with its env and the set-up's PATH."""
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    for name, value in step.get("env", {}).items():
        env[name] = re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda match: expressions[match.group(1)], str(value))
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def publish_as_the_workflow(folder: Path) -> tuple[Path, Path]:
    """A copy of the kit in folder with two groups (the sample, and one new-group makes), checked and published
    by the very commands of the publish workflow: (the kit, the published folder)."""
    kit = copy_kit(folder)
    shutil.copytree(RIVERSIDE, kit / "groups" / "riverside")
    assert run_nextround("new-group", "oak-hall", cwd=kit).returncode == 0
    pages_id = next(step["id"] for step in publish_steps() if "configure-pages" in step.get("uses", ""))
    expressions = {f"steps.{pages_id}.outputs.base_url": SITE_URL}
    for text in ("nextround check", "nextround publish"):
        result = run_step(step_running(text), kit, expressions)
        assert result.returncode == 0, result.stderr
    return kit, kit / re.search(r"--out (\S+)", step_running("nextround publish")["run"]).group(1)
