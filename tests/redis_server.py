"""A private redis-server for a test, as a child process on a free port: no persistence, no
system service, killed afterwards. Without redis-server (or the redis package) the caller's
tests are skipped, except under CI, where that is a failure: CI installs both (.ci/run)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest


def redis_server_program() -> str | None:
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if os.access(p, os.X_OK)), None
    )


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"Redis tests cannot run under CI: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_redis(timeout_s: float = 10.0):
    """Yields a redis:// URL of a fresh server; stops it on the way out."""
    program = redis_server_program()
    if program is None:
        unavailable("redis-server is not installed (apt-get install redis-server)")
    try:
        import redis
    except ImportError:
        unavailable("the redis package is not installed (requirements.txt)")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="vl-redis-") as workdir:
        server = subprocess.Popen(
            [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", workdir, "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        url = f"redis://127.0.0.1:{port}/0"
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
            deadline = time.monotonic() + timeout_s
            while True:
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    if server.poll() is not None:
                        raise RuntimeError(f"redis-server exited: {server.stderr.read().decode(errors='replace')}")
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"redis-server did not answer on port {port} within {timeout_s} s")
                    time.sleep(0.02)
            client.close()
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            server.stderr.close()
