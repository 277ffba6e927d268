"""Crash safety: kill -9 or Ctrl-C during a build never leaves a half-written output, and the
previous output stays byte for byte."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CASES


def corpus(folder: Path, articles: int) -> Path:
    """Many small articles, so that a build takes a few seconds."""
    template = (CASES / "golden" / "minimal-meeting" / "facts.yaml").read_text("utf-8")
    text = (CASES / "golden" / "minimal-meeting" / "article.txt").read_text("utf-8")
    source = folder / "facts"
    source.mkdir()
    for i in range(articles):
        (source / f"a{i:04d}.yaml").write_text(
            template.replace("id: test-meeting", f"id: test-meeting-{i}"), "utf-8")
    (source / "article.txt").write_text(text, "utf-8")
    return source


def kg_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "kg"), *args]


@pytest.mark.parametrize("delay", [0.5, 2.0, 3.5, 4.5, 5.0])
def test_kill_9_keeps_the_previous_output(tmp_path: Path, delay: float) -> None:
    """Kills land while reading, mapping, serializing and writing (the build takes about 5 s, in
    worker processes that must not outlive the build)."""
    source = corpus(tmp_path, 5000)
    out = tmp_path / "out.nq"
    previous = b"<urn:x> <urn:y> <urn:z> <urn:g> .\n"
    out.write_bytes(previous)
    process = subprocess.Popen(kg_command("build", str(source), "-o", str(out), "-q", "--no-validate"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert _left_behind(str(out)) == []
    data = out.read_bytes()
    whole = data.endswith(b"test-meeting-4999> .\n")  # the last article's graph ends the output
    if process.returncode == -signal.SIGKILL:  # killed before the rename, or (rarely) just after it
        assert data == previous or whole
    else:  # the build finished first: the new output is whole
        assert process.returncode == 0
        assert whole
    # the next successful run replaces the output and clears what the killed run left
    done = subprocess.run(kg_command("build", str(source / "a0000.yaml"), "-o", str(out), "-q"), check=False)
    assert done.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts", "out.nq"]


def test_ctrl_c_exits_130_and_leaves_no_partial_file(tmp_path: Path) -> None:
    """Interrupted well after start-up (imports take a moment), in the middle of the build."""
    source = corpus(tmp_path, 5000)
    out = tmp_path / "out.ttl"
    process = subprocess.Popen(kg_command("build", str(source), "-o", str(out), "-q"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(3.0)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Interrupted" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts"]
    assert os.listdir(source)
    assert _left_behind(str(out)) == []


@pytest.mark.parametrize(("delay", "which"), [(0.0, 0), (0.5, 0), (2.0, -1)])
def test_a_dead_worker_stops_the_build_with_exit_5(tmp_path: Path, delay: float, which: int) -> None:
    """A worker killed (as the kernel kills one when memory runs out), as it starts, while it builds
    or while it sends: exit 5, no output, no worker left."""
    source = corpus(tmp_path, 5000)
    out = tmp_path / "out.nq"
    process = subprocess.Popen(kg_command("build", str(source), "-o", str(out), "-q", "--jobs", "2"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        workers = _children(process.pid)
    assert workers, "no worker process started"
    time.sleep(delay)
    os.kill(sorted(workers)[which], signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 5, stderr
    assert "worker process" in stderr and stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts"]
    assert _left_behind(str(out)) == []


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue
    return found


def _left_behind(argument: str, wait: float = 5.0) -> list[int]:
    """Processes (workers) still running with ``argument`` on their command line, after ``wait`` s at most."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and argument.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)
