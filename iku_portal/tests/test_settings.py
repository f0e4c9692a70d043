"""The production configuration: refuses to start without a key, passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean["DJANGO_SETTINGS_MODULE"] = "iku_portal.settings"
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x7!k2pQz9-long-random-production-key-for-the-check-0123456789abcdef",
        ALLOWED_HOSTS="iku.example.go.id",
        PORTAL_BASE_URL="https://iku.example.go.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_signed_pdfs_would_carry_a_local_address():
    result = _manage(
        "check",
        "--deploy",
        SECRET_KEY="x7!k2pQz9-long-random-production-key-for-the-check-0123456789abcdef",
        ALLOWED_HOSTS="iku.example.go.id",
    )
    assert "iku.W001" in result.stdout + result.stderr
    assert "http://127.0.0.1:8000" in result.stdout + result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", SECRET_KEY="short-key-123")
    assert result.returncode != 0
    assert "SECRET_KEY is too short (13 characters)" in result.stderr
