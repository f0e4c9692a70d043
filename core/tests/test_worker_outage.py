"""The worker survives a database outage: while the database refuses connections for 10 s it
waits, and afterwards it finishes the queued work without being restarted by hand. A real
worker process, reaching PostgreSQL through a relay this test stops and starts again."""

import contextlib
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from core.tests.queue_probe import record_run

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process beside the tests shares a database server: PostgreSQL",
    ),
]


class Relay:
    """A TCP relay to the database that can refuse connections for a while."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream, self.sockets, self.listener = upstream, [], None
        self.port = self._free_port()

    @staticmethod
    def _free_port() -> int:
        """A free port below the range the system hands out for outgoing connections: one of
        those could take the relay's port while it is stopped, and it could not listen again."""
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
        for port in random.sample(range(max(1024, low - 12000), low - 1000), 200):
            with contextlib.suppress(OSError), socket.socket() as probe:
                probe.bind(("127.0.0.1", port))
                return port
        raise RuntimeError("no free port for the relay")

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self):
        """Refuse new connections and drop the open ones, as a database that went away."""
        self.listener.close()
        for open_socket in self.sockets:
            open_socket.close()
        self.sockets = []

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for each in (source, target):
                with contextlib.suppress(OSError):
                    each.close()


def test_the_worker_waits_out_a_database_outage_and_finishes_the_queued_work(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    db = connection.settings_dict
    relay = Relay((db["HOST"], int(db["PORT"])))
    relay.start()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{relay.port}/{db['NAME']}",
        "CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "iku_portal.settings",
    }
    log = tmp_path / "runs.txt"
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
    )
    try:
        record_run.enqueue(str(log), 1)
        deadline = time.monotonic() + 60
        while not log.exists():
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.1)
        relay.stop()  # the database goes away for 10 s
        record_run.enqueue(str(log), 2)  # asked meanwhile (this test reaches it directly)
        time.sleep(10)
        assert worker.poll() is None, "the worker exited during the outage"
        relay.start()
        deadline = time.monotonic() + 90
        while log.read_text().split() != ["1", "2"]:
            assert time.monotonic() < deadline, "the queued work was not done after the outage"
            assert worker.poll() is None, "the worker exited"
            time.sleep(0.2)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        relay.stop()
