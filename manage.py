#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import secrets
import sys
from pathlib import Path

VENV_PYTHON = Path(__file__).resolve().parent / ".venv" / "bin" / "python"


def main() -> None:
    try:
        import django  # noqa: F401
    except ImportError:
        # Run under the project's own environment when called with another Python.
        if VENV_PYTHON.exists() and Path(sys.executable) != VENV_PYTHON:
            os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])
        raise
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    if sys.argv[1:2] != ["runserver"]:
        # A command-line process signs nothing that outlives it, so it needs no lasting key;
        # the web server (wsgi.py, runserver) still requires DJANGO_SECRET_KEY unless debugging.
        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
