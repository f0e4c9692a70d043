"""Pages timed side by side in one process, as ratios to the first (a trivial page): each
round asks every page once, in turn (round robin), so that a busy moment of a shared machine
falls on every page alike. Requests go through Django's full stack with the test client."""

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def _nothing() -> None:
    pass


@dataclass
class Page:
    label: str
    ask: Callable  # makes the request and returns the response
    status: int = 200  # the response's status, checked every time
    prepare: Callable[[], None] = _nothing  # before each request, not timed


def get(client, url: str) -> Callable:
    return lambda: client.get(url)


def median_ms(pages: list[Page], runs: int) -> list[float]:
    """Each page's median server time in ms over `runs` rounds, after one request of each
    that is not timed (templates compiled, caches warm)."""
    for page in pages:
        page.prepare()
        response = page.ask()
        assert response.status_code == page.status, (page.label, response.status_code)
    times = {page.label: [] for page in pages}
    for _ in range(runs):
        for page in pages:
            page.prepare()
            gc.collect()
            start = time.perf_counter()
            response = page.ask()
            times[page.label].append((time.perf_counter() - start) * 1000)
            assert response.status_code == page.status, (page.label, response.status_code)
    return [statistics.median(times[page.label]) for page in pages]


def report(pages: list[Page], runs: int, width: int = 44) -> None:
    """Measure, then print each page's median and its ratio to the first page's."""
    medians = median_ms(pages, runs)
    print(f"runs per page: {runs}; median server time; ratio to the first page")
    for page, ms in zip(pages, medians, strict=True):
        print(f"{page.label:<{width}}{ms:>9.1f} ms{ms / medians[0]:>8.2f}x")
