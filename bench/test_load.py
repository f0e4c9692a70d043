"""The load script's reading of wrk's report (run: .venv/bin/pytest bench/test_load.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402

REPORT = """Running 15s test @ http://127.0.0.1:8765/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   612.40ms  201.33ms   1.62s    70.12%
    Req/Sec    52.10     20.11   120.00     68.00%
  Latency Distribution
     50%  580.11ms
     75%  702.45ms
     90%  905.00ms
     99%    1.10s{space}
  1571 requests in 15.03s, 9.86MB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:    104.52
Transfer/sec:    671.80KB
""".format(space=" ")  # wrk pads "1.10s" with a trailing space


def test_a_p99_past_a_second_is_read_with_its_trailing_space():
    figures = load.wrk_figures(REPORT)
    assert figures == {"rps": 104.52, "p50": 580.11, "p99": 1100.0, "errors": 5}


def test_percentiles_in_microseconds_and_minutes_are_read():
    report = REPORT.replace("580.11ms", "812.00us").replace("1.10s ", "1.50m ")
    figures = load.wrk_figures(report)
    assert figures["p50"] == 0.812
    assert figures["p99"] == 90000.0


def test_the_port_is_taken_from_the_option(monkeypatch):
    monkeypatch.setattr(load, "PORT", load.PORT)
    load.options(["--port", "8999"])
    assert load.environment(Path("unused"), "sqlite:///unused")["BIND"] == "127.0.0.1:8999"


def test_the_verification_page_is_measured_not_its_rate_limit(tmp_path):
    """From the load's one address the page is asked thousands of times a minute: the server
    it starts lifts the per-address limit (60 a minute), or the row measures the refusal."""
    env = load.environment(tmp_path, "")
    assert int(env["VERIFY_LOOKUPS_PER_MINUTE"]) >= 1_000_000
