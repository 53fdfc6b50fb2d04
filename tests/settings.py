"""Settings for the test suite: the real settings, with a throwaway secret key."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
# The test client and the live server speak plain HTTP (tests/test_serve.py checks HTTPS).
os.environ.setdefault("ARCHIVE_HTTPS", "0")

from archive.settings import *  # noqa: E402,F403

# No collectstatic before tests: serve static files from the app folders, unhashed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Lets two test runs share one PostgreSQL server, each with its own throwaway database.
if os.environ.get("ARCHIVE_TEST_DB_NAME") and DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.environ["ARCHIVE_TEST_DB_NAME"]}  # noqa: F405

# Extraction's spaCy layer reads about 60 articles a second: the suite runs layer 1 unless a
# test turns the model on (tests/test_entities.py) or ARCHIVE_NER_MODEL is set.
ARCHIVE_NER_MODEL = os.environ.get("ARCHIVE_NER_MODEL", "")
