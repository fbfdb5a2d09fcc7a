"""A build stopped by a signal leaves no process behind and the last good build in place;
builds and previews of one kit take turns instead of failing."""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import NEXTROUND, copy_kit, run_nextround


def processes_working_in(folder: Path) -> list[str]:
    """The command lines of every process whose working folder is inside folder."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = Path(os.readlink(entry / "cwd"))
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        if cwd == folder or folder in cwd.parents:
            found.append(command)
    return found


def listing(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def start_build(kit: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*NEXTROUND, "build", "--out", "dist", *options],
        cwd=kit,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def built_kit(tmp_path_factory) -> Path:
    kit = copy_kit(tmp_path_factory.mktemp("signals") / "kit")
    result = run_nextround("build", "--out", "dist", "--quiet", cwd=kit)
    assert result.returncode == 0, result.stderr
    return kit


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT])
def test_a_build_stopped_while_it_renders_leaves_no_process_and_the_last_build_intact(built_kit, stop_with):
    before = listing(built_kit / "dist")
    build = start_build(built_kit, "--no-cache", "--jobs", "2")
    # Its plain progress lines say when the PDF workers are rendering.
    for line in build.stdout:
        if line.startswith("Rendering PDFs: 1/"):
            break
    assert build.poll() is None, "the build ended before it could be stopped"
    build.send_signal(stop_with)
    _, errors = build.communicate(timeout=30)
    assert build.returncode != 0
    assert "Stopped" in errors and "Traceback" not in errors
    time.sleep(0.5)
    assert processes_working_in(built_kit) == []
    assert listing(built_kit / "dist") == before
    assert sorted(path.name for path in built_kit.iterdir() if path.name.startswith(".dist")) == []


def test_two_builds_into_one_folder_take_turns(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    first = start_build(kit, "--jobs", "2")
    time.sleep(0.5)
    second = start_build(kit, "--jobs", "2")
    first_out, first_errors = first.communicate(timeout=300)
    second_out, second_errors = second.communicate(timeout=300)
    assert first.returncode == 0, first_errors
    assert second.returncode == 0, second_errors
    assert "waiting for it to finish" in second_out
    assert "did not expect" not in first_errors + second_errors
    assert (kit / "dist" / "site" / "index.html").is_file()
    assert len(list((kit / "dist" / "pdf").glob("*.pdf"))) >= 17
    assert processes_working_in(kit) == []


def test_a_build_beside_a_live_preview_succeeds_and_the_preview_keeps_serving(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    port = 8765
    preview = subprocess.Popen(
        [*NEXTROUND, "serve", "--port", str(port)], cwd=kit, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the preview never answered"
                assert preview.poll() is None, preview.stdout.read().decode()
                time.sleep(0.5)
        result = run_nextround("build", "--out", "dist", "--quiet", cwd=kit)
        assert result.returncode == 0, result.stderr
        assert (kit / "dist" / "site" / "index.html").is_file()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
    finally:
        preview.send_signal(signal.SIGINT)
        preview.wait(timeout=30)
    time.sleep(0.5)
    assert processes_working_in(kit) == []
