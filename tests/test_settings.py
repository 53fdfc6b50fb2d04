"""Settings come from the environment through helpers that fail loudly on bad values."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive.settings import env_bool, env_int, env_list

PROJECT = Path(__file__).resolve().parent.parent


def test_typed_helpers_read_values_and_refuse_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("NUMBER", "42")
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_bool("FLAG") is True and env_int("NUMBER", 1) == 42
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    assert env_bool("UNSET_FLAG", default=False) is False
    monkeypatch.setenv("FLAG", "maybe")
    monkeypatch.setenv("NUMBER", "many")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")
    with pytest.raises(ImproperlyConfigured):
        env_int("NUMBER", 1)


def test_the_web_app_refuses_to_start_without_a_secret_key_unless_debugging():
    code = "import archive.settings"
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd="."
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY is required" in result.stderr
    environment["DJANGO_DEBUG"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd="."
    )
    assert result.returncode == 0, result.stderr
