"""Live preview: an edit under content/ reaches the served page without a restart."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from bs4 import BeautifulSoup

from conftest import copy_kit


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def article(url: str) -> str:
    return BeautifulSoup(fetch(url), "html.parser").select_one("article").get_text(" ")


def wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    return None


@pytest.fixture
def preview(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "nextround", "serve", "--port", str(port)],
        cwd=kit,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: fetch(base + "/checklists/on-the-call/index.html"), 90), "the preview never answered"
        yield kit, base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_edit_shows_in_the_preview(preview):
    kit, base = preview
    source = kit / "content" / "checklists" / "on-the-call.yml"
    text = source.read_text()
    first_item = next(line for line in text.splitlines() if "text:" in line)
    source.write_text(text.replace(first_item, first_item.split("text:")[0] + 'text: "Take one slow breath first"', 1))
    assert wait_for(lambda: "Take one slow breath first" in fetch(base + "/checklists/on-the-call/index.html"), 20)
    pdf = wait_for(lambda: urllib.request.urlopen(base + "/downloads/pdf/on-the-call.pdf", timeout=5).read(), 20)
    assert pdf.startswith(b"%PDF")


def test_broken_edit_keeps_the_last_good_preview(preview):
    kit, base = preview
    source = kit / "content" / "checklists" / "on-the-call.yml"
    before = article(base + "/checklists/on-the-call/index.html")
    source.write_text(source.read_text() + "\n  bad: [unclosed\n")
    time.sleep(3)
    assert article(base + "/checklists/on-the-call/index.html") == before


def test_group_preview_follows_edits_to_group_yml(tmp_path):
    kit = copy_kit(tmp_path / "kit", groups=True)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "nextround", "serve", "--group", "groups/riverside", "--port", str(port)],
        cwd=kit,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    home = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "Riverside Job Club" in article(home), 90), "the group preview never answered"
        group_file = kit / "groups" / "riverside" / "group.yml"
        group_file.write_text(
            group_file.read_text().replace("name: Riverside Job Club", "name: Riverside Evening Club")
        )
        assert wait_for(lambda: "Riverside Evening Club" in article(home), 30)
    finally:
        process.terminate()
        process.wait(timeout=20)
