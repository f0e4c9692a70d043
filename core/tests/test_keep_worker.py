"""`make run` keeps its task worker running: a worker killed by name (as `pkill -9 -f
"manage.py worker"` does) is started again, and the command that restarts it is not killed
with it. Real processes; the worker waits for a database it cannot use, which is enough to
stay alive."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _processes_matching(pattern: str) -> set[int]:
    """The processes whose command line holds `pattern`, as pkill -f finds them."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if pattern in cmdline and int(entry.name) != os.getpid():
            found.add(int(entry.name))
    return found


def _children_of(pid: int) -> set[int]:
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            children.add(int(entry.name))
    return children


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.1)
    return found


def test_a_worker_killed_by_name_is_started_again_and_its_keeper_survives(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "iku_portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # no tables: it waits
    }
    keeper = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "keep_worker", "--", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = _wait_for(lambda: _children_of(keeper.pid))
        mine = _processes_matching("manage.py worker") & (first | {keeper.pid})
        assert mine == first  # the name matches the worker, never its keeper
        for pid in mine:
            os.kill(pid, signal.SIGKILL)
        second = _wait_for(lambda: _children_of(keeper.pid) - first)
        assert keeper.poll() is None and second
    finally:
        keeper.send_signal(signal.SIGTERM)
        keeper.wait(timeout=30)
    assert "The task worker stopped (-9); starting it again." in keeper.stderr.read()
    assert not _children_of(keeper.pid)
