"""Settings for the test suite: the real settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-key-not-used-anywhere-else-0123456789")

from iku_portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False

# Signed PDFs written by the tests go to a throwaway folder, not the project's media/.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="iku-test-media-")

# The password-reset pages are tested; Django's test runner keeps every e-mail in memory.
PASSWORD_RESET_OFFERED = True

# Tasks run at once when enqueued, so that a test sees their result; the tests of the queue
# itself switch to the database backend and run a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# A test's transaction never commits: what a request asks to run on commit (the tasks it
# enqueues) runs when its response leaves, as after a real commit (see the middleware).
MIDDLEWARE = ["core.tests.on_commit.RunOnCommitAfterRequest", *MIDDLEWARE]  # noqa: F405

# Renders asked after edits are tested where they are the subject (they need a queue that can
# run a task later); elsewhere they would only add tasks to the queues tests count.
PRERENDER_DRAFTS = False

# No demo seal unless a test makes one (core.pades).
DEMO_CA_DIR = "/nonexistent/demo-ca"

# Signing asks no second factor in tests, except where it is the subject.
SIGNING_SECOND_FACTOR = False
