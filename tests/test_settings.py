"""Settings come from the environment through helpers that fail loudly on bad values."""

import json
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


# The production variables README.md documents ("Running in production"), nothing else: the
# subprocesses below do not inherit this test run's environment.
PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_SECRET_KEY": "kq3-Vx8tNw2zR7pLm5sYc9dHf4jGb6aUe1oTi0rEyQ_WnXvZhKsJuMgBlCpDxFa",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
}


def run_in_production(code: str, **variables: str) -> subprocess.CompletedProcess:
    """Run Python code in a fresh process with the production environment plus variables."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**PRODUCTION, **variables},
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )


def https_settings(**variables: str) -> dict:
    """Return the HTTPS settings a production process ends up with."""
    code = (
        "import json, archive.settings as s; print(json.dumps({name: getattr(s, name, None) for "
        "name in ['SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER', "
        "'CSRF_TRUSTED_ORIGINS', 'DEBUG']}))"
    )
    result = run_in_production(code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_deploy(**variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**PRODUCTION, **variables},
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )


def test_check_deploy_is_clean_with_the_documented_production_variables():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    result = check_deploy(ARCHIVE_BEHIND_TLS_PROXY="1", ARCHIVE_HSTS_INCLUDE_SUBDOMAINS="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_http_is_an_explicit_choice_that_check_deploy_still_reports():
    result = check_deploy(ARCHIVE_HTTPS="0")
    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in result.stderr


def test_https_is_on_by_default_without_debug_and_off_with_it():
    served = https_settings()
    assert served["SECURE_SSL_REDIRECT"] and served["SESSION_COOKIE_SECURE"]
    assert served["CSRF_COOKIE_SECURE"]
    assert served["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert served["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert served["SECURE_PROXY_SSL_HEADER"] is None  # nobody's X-Forwarded-Proto is believed
    debugging = https_settings(DJANGO_DEBUG="1")
    assert not debugging["SECURE_SSL_REDIRECT"] and debugging["SECURE_HSTS_SECONDS"] == 0


def test_behind_a_tls_proxy_the_forwarded_scheme_counts_and_cookies_stay_secure():
    served = https_settings(ARCHIVE_BEHIND_TLS_PROXY="1", ARCHIVE_HSTS_SECONDS="3600")
    assert served["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert served["SECURE_SSL_REDIRECT"] and served["SESSION_COOKIE_SECURE"]
    assert served["SECURE_HSTS_SECONDS"] == 3600


def test_plain_http_opt_out_turns_every_https_measure_off():
    served = https_settings(ARCHIVE_HTTPS="0")
    assert not served["SECURE_SSL_REDIRECT"] and not served["SESSION_COOKIE_SECURE"]
    assert not served["CSRF_COOKIE_SECURE"] and served["SECURE_HSTS_SECONDS"] == 0


def test_csrf_trusted_origins_come_from_the_environment_with_their_scheme():
    served = https_settings(
        DJANGO_CSRF_TRUSTED_ORIGINS="https://archive.example.org, https://news.example.org"
    )
    assert served["CSRF_TRUSTED_ORIGINS"] == [
        "https://archive.example.org",
        "https://news.example.org",
    ]


@pytest.mark.parametrize(
    "variables, message",
    [
        ({"DJANGO_CSRF_TRUSTED_ORIGINS": "archive.example.org"}, "with their scheme"),
        ({"ARCHIVE_BEHIND_TLS_PROXY": "1", "ARCHIVE_HTTPS": "0"}, "unset ARCHIVE_HTTPS=0"),
        ({"ARCHIVE_HSTS_PRELOAD": "1"}, "needs ARCHIVE_HSTS_INCLUDE_SUBDOMAINS=1"),
        ({"ARCHIVE_HTTPS": "perhaps"}, "ARCHIVE_HTTPS must be one of"),
        ({"ARCHIVE_HSTS_SECONDS": "a year"}, "ARCHIVE_HSTS_SECONDS must be a whole number"),
    ],
)
def test_contradictory_or_malformed_https_settings_fail_loudly(variables, message):
    result = run_in_production("import archive.settings", **variables)
    assert result.returncode != 0 and message in result.stderr
