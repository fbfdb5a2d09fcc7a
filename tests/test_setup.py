"""./scripts/build on a machine without apt-get: it stops with the commands that install what is missing
there, or goes on when everything is present. Run with a PATH that has no apt-get and a fake `uname`."""

from __future__ import annotations

import ctypes.util
import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# Loaded by its Linux name, as the build's check does; the other name is only what macOS would call it.
MISSING = "libnextround-missing.so.0 libnextround-missing.dylib"


def fake_system(tmp_path: Path, system: str, tools: tuple[str, ...] = ()) -> Path:
    """A bin folder with what the set-up needs, `uname` saying `system`, and the named package managers,
    which record it if they are ever run (the set-up must only name them, never run them)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "dirname").symlink_to(shutil.which("dirname"))
    (folder / "python3").symlink_to(os.path.realpath(sys.executable))  # a real interpreter, not a shim
    (folder / "uname").write_text(f"#!/bin/sh\necho {system}\n")
    for tool in tools:
        (folder / tool).write_text(f'#!/bin/sh\necho "$0 $*" >> "{tmp_path}/ran"\nexit 1\n')
    if "brew" in tools:  # brew --prefix is the one question the set-up asks Homebrew
        (folder / "brew").write_text(
            f'#!/bin/sh\n[ "$1" = --prefix ] && echo "{tmp_path}/homebrew" && exit 0\n'
            f'echo "brew $*" >> "{tmp_path}/ran"\n'
        )
    for path in folder.iterdir():
        path.chmod(0o755)
    return folder


def set_up(folder: Path, extra_library: str | None = None) -> subprocess.CompletedProcess:
    """Source scripts/setup.sh and install the build's packages, as ./scripts/build does first."""
    add = f'BUILD_LIBRARIES+=("{extra_library}"); ' if extra_library else ""
    script = f'source scripts/setup.sh; {add}apt_install "${{BUILD_PACKAGES[@]}}"; echo "went on"'
    return subprocess.run(
        ["/bin/bash", "-c", script], cwd=ROOT, env={"PATH": str(folder)}, capture_output=True, text=True, timeout=60
    )


def test_the_fake_system_has_no_apt_get(tmp_path):
    folder = fake_system(tmp_path, "Linux")
    assert shutil.which("apt-get", path=str(folder)) is None
    assert subprocess.run([folder / "uname", "-s"], capture_output=True, text=True).stdout.strip() == "Linux"


@pytest.mark.parametrize(
    ("system", "tools", "command"),
    [
        ("Darwin", ("brew",), "brew install pango"),
        ("Linux", ("dnf",), "sudo dnf install pango harfbuzz fontconfig dejavu-sans-fonts"),
        ("Linux", ("pacman",), "sudo pacman -S --needed pango harfbuzz fontconfig ttf-dejavu"),
        ("Linux", ("zypper",), "sudo zypper install libpango-1_0-0 libharfbuzz-subset0 fontconfig dejavu-fonts"),
    ],
)
def test_a_missing_library_stops_the_set_up_with_the_command_that_installs_it(tmp_path, system, tools, command):
    result = set_up(fake_system(tmp_path, system, tools), MISSING)
    assert result.returncode == 1
    assert "went on" not in result.stdout
    assert "libnextround-missing.so.0" in result.stderr
    assert f"\n    {command}\n" in result.stderr
    assert not (tmp_path / "ran").exists()


def test_on_a_mac_without_homebrew_it_says_how_to_get_homebrew_first(tmp_path):
    result = set_up(fake_system(tmp_path, "Darwin"), MISSING)
    assert result.returncode == 1
    assert "https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh" in result.stderr
    assert result.stderr.index("install.sh") < result.stderr.index("brew install pango")


def test_an_unknown_linux_is_told_which_libraries_to_install(tmp_path):
    result = set_up(fake_system(tmp_path, "Linux"), MISSING)
    assert result.returncode == 1
    assert "Pango (with PangoFT2), HarfBuzz (with its subset library) and fontconfig" in result.stderr


@pytest.mark.parametrize(("system", "tools"), [("Linux", ("dnf",)), ("Darwin", ("brew",))])
def test_with_the_libraries_present_the_set_up_goes_on_and_installs_nothing(tmp_path, system, tools):
    result = set_up(fake_system(tmp_path, system, tools))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "went on" and result.stderr == ""
    assert not (tmp_path / "ran").exists()


def test_on_a_mac_libraries_in_homebrews_folder_are_found(tmp_path):
    # A library only in Homebrew's lib folder, which is not on the system's search path.
    name = ctypes.util.find_library("fontconfig")
    (library,) = {Path(p).resolve() for p in glob.glob(f"/usr/lib/*/{name}") + glob.glob(f"/usr/lib/{name}")}
    (tmp_path / "homebrew" / "lib").mkdir(parents=True)
    (tmp_path / "homebrew" / "lib" / "libonly-in-homebrew.dylib").symlink_to(library)
    only_in_homebrew = "libonly-in-homebrew.so.0 libonly-in-homebrew.dylib"
    assert set_up(fake_system(tmp_path, "Darwin", ("brew",)), only_in_homebrew).stdout.strip() == "went on"
    # Without Homebrew to say where its folder is, the same library is missing.
    other = tmp_path / "other"
    other.mkdir()
    assert set_up(fake_system(other, "Darwin"), only_in_homebrew).returncode == 1
