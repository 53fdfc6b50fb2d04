"""Settings for the test suite: the real settings, with a throwaway secret key."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from archive.settings import *  # noqa: E402,F403
