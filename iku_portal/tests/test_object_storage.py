"""Media on S3-compatible object storage by environment alone (django-storages)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_object_storage_is_chosen_by_the_environment_alone():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "1",
        "FILE_STORAGE": "storages.backends.s3.S3Storage",
        "S3_BUCKET": "iku-media",
        "S3_ENDPOINT_URL": "https://s3.example.go.id",
        "AWS_ACCESS_KEY_ID": "example-key",
        "AWS_SECRET_ACCESS_KEY": "example-secret",
    }
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'iku_portal.settings';"
        "django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.url('signed/1.pdf'))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    kind, bucket, url = out.split()
    assert (kind, bucket) == ("S3Storage", "iku-media")
    assert url.startswith("https://s3.example.go.id/iku-media/signed/1.pdf?")
    assert "Signature=" in url or "X-Amz-Signature=" in url  # private: a signed, expiring link
