"""Processes a bench starts (the development server, a task worker), stopped together."""

import subprocess


def stop(*processes: subprocess.Popen, timeout: float = 10) -> None:
    """Ask each process to end, wait for it, and kill it if it has not ended in `timeout`
    seconds (a worker ends once the task it runs is done)."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
