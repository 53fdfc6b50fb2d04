"""Serving in production: `make serve` refuses unfit settings; pages never fail on static files."""

import http.client
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings

PROJECT = Path(__file__).resolve().parent.parent
SECRET_KEY = "kq3-Vx8tNw2zR7pLm5sYc9dHf4jGb6aUe1oTi0rEyQ_WnXvZhKsJuMgBlCpDxFa"
# A production process gets these and nothing of this test run's environment (which is
# tests.settings, plain HTTP).
BASE_ENVIRONMENT = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}


def make_serve(port: int = 0) -> list[str]:
    """Return the `make serve` command, in this test run's virtualenv."""
    # -o: the virtualenv is taken as installed.
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"]
    return command + [f"PY={sys.executable}", f"HOST=127.0.0.1:{port}"]


def run_make_serve_expecting_refusal(**variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        make_serve(),
        env={**BASE_ENVIRONMENT, **variables},
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=60,
    )


@pytest.mark.parametrize(
    "variables, reason",
    [
        ({"DJANGO_ALLOWED_HOSTS": "archive.example.org"}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_SECRET_KEY": SECRET_KEY}, "DJANGO_ALLOWED_HOSTS is empty"),
        (
            {"DJANGO_SECRET_KEY": SECRET_KEY, "DJANGO_ALLOWED_HOSTS": "x", "ARCHIVE_HTTPS": "no?"},
            "ARCHIVE_HTTPS must be one of",
        ),
    ],
)
def test_make_serve_refuses_unfit_settings_before_touching_the_database(variables, reason):
    result = run_make_serve_expecting_refusal(**variables)
    assert result.returncode != 0
    assert f"News Archive will not serve: {reason}" in result.stderr
    assert "Traceback" not in result.stderr
    assert "migrate" not in result.stdout  # it stopped at the first step


def test_gunicorn_started_by_hand_refuses_the_same_settings_and_debug():
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--check-config"]
    fit = {"DJANGO_SECRET_KEY": SECRET_KEY, "DJANGO_ALLOWED_HOSTS": "archive.example.org"}
    for variables, refused in [
        ({"DJANGO_ALLOWED_HOSTS": "archive.example.org"}, "DJANGO_SECRET_KEY is required"),
        ({**fit, "DJANGO_DEBUG": "1"}, "DJANGO_DEBUG is on"),
        (fit, None),
    ]:
        result = subprocess.run(
            command,
            env={**BASE_ENVIRONMENT, **variables},
            capture_output=True,
            text=True,
            cwd=PROJECT,
        )
        if refused:
            assert result.returncode != 0 and f"will not serve: {refused}" in result.stderr
        else:
            assert result.returncode == 0, result.stderr


# Django's own manifest storage is the control: it fails the page, ours does not.
@pytest.mark.django_db
@pytest.mark.parametrize(
    "storage, fails",
    [
        ("whitenoise.storage.CompressedManifestStaticFilesStorage", True),
        ("archive.staticfiles.ForgivingManifestStaticFilesStorage", False),
    ],
)
def test_pages_do_not_fail_when_collectstatic_has_not_run(client, tmp_path, caplog, storage, fails):
    never_collected = tmp_path / "staticfiles"
    never_collected.mkdir()
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=never_collected,
        STORAGES={"staticfiles": {"BACKEND": storage}},
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=False,
    ):
        if fails:
            with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
                client.get("/")
            return
        with caplog.at_level(logging.WARNING, logger="archive.staticfiles"):
            response = client.get("/")
        assert response.status_code == 200
        assert 'href="/static/archive/style.css"' in response.content.decode()
        assert "collectstatic has not run" in caplog.text
        stylesheet = client.get("/static/archive/style.css")
        assert stylesheet.status_code == 200
        assert b".site-header" in b"".join(stylesheet.streaming_content)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}", **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def wait_for_server(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make serve stopped with status {server.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"make serve did not listen on port {port} within 120 s:\n{log.read_text()}")


def test_make_serve_migrates_collects_static_files_and_serves_behind_a_tls_proxy(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    environment = {
        **BASE_ENVIRONMENT,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'archive.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "staticfiles"),
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "ARCHIVE_BEHIND_TLS_PROXY": "1",
        "ARCHIVE_NER_MODEL": "",
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            make_serve(port),
            cwd=PROJECT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_server(server, port, log)
        # The proxy says the visitor came over HTTPS.
        response, body = get(port, "/", **{"X-Forwarded-Proto": "https"})
        assert response.status == 200, body[:2000]
        assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
        assert "script-src 'self'" in response.getheader("Content-Security-Policy")
        stylesheet = re.search(rb'href="(/static/archive/style\.[0-9a-f]{12}\.css)"', body)
        assert stylesheet, "the page should link the hashed stylesheet collectstatic wrote"

        response, css = get(port, stylesheet[1].decode(), **{"X-Forwarded-Proto": "https"})
        assert response.status == 200 and response.getheader("Content-Type").startswith("text/css")
        assert "immutable" in response.getheader("Cache-Control")
        assert b".site-header" in css

        response, _ = get(port, "/admin/login/", **{"X-Forwarded-Proto": "https"})
        assert response.status == 200

        # Plain HTTP is sent to HTTPS.
        response, _ = get(port, "/search/?q=oil")
        assert response.status == 301
        assert response.getheader("Location") == f"https://127.0.0.1:{port}/search/?q=oil"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    output = log.read_text()
    assert "Booting worker" in output and '"GET / HTTP/1.1" 200' in output  # the access log


def test_production_links_static_files_through_the_forgiving_storage():
    code = (
        "import archive.settings as s; "
        "print(s.STORAGES['staticfiles']['BACKEND'], s.WHITENOISE_USE_FINDERS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**BASE_ENVIRONMENT, "DJANGO_SECRET_KEY": SECRET_KEY},
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.stdout.split() == [
        "archive.staticfiles.ForgivingManifestStaticFilesStorage",
        "True",
    ]
