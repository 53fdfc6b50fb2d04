"""Gunicorn for News Archive in production (`make serve`), sized for a machine with 2 cores.

Refuses to start on settings that are not fit to serve: debug on, no secret key, no allowed
hosts. `python gunicorn.conf.py` runs those checks alone (make serve does, before migrating).
GUNICORN_CMD_ARGS (for instance "--workers 5") overrides anything below.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")


def refuse_to_serve(reason: str) -> None:
    sys.exit(f"News Archive will not serve: {reason}\nSee README.md, 'Running in production'.")


try:
    from django.conf import settings

    debug, allowed_hosts = settings.DEBUG, settings.ALLOWED_HOSTS
except ImproperlyConfigured as error:
    refuse_to_serve(str(error))
if debug:
    refuse_to_serve("DJANGO_DEBUG is on; it shows tracebacks and settings to anyone.")
if not allowed_hosts:
    refuse_to_serve(
        "DJANGO_ALLOWED_HOSTS is empty, so every request would be refused. "
        "Set it to the host names the archive answers to (comma-separated)."
    )

wsgi_app = "archive.wsgi:application"
bind = "127.0.0.1:8000"  # make serve passes --bind $(HOST)

# Two cores: three processes, each with four threads. Threads wait on the database and on slow
# clients without holding a core, and the gthread worker keeps answering the arbiter while a
# long export streams, so the timeout only catches a worker that is truly stuck.
workers = 3
worker_class = "gthread"
threads = 4
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200

# Gunicorn 25+ opens a control socket at one path per user, which two instances would share;
# signals (TERM, HUP, TTIN/TTOU) do what it offers.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = "info"
# Combined log format plus the time taken, in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
