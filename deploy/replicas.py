#!/usr/bin/env python3
"""Run Vectorlab as several Streamlit replicas behind one nginx, each browser kept on one replica.

    python deploy/replicas.py --replicas 4 --listen 8080

starts 4 headless `streamlit run app.py` on 127.0.0.1:8501..8504,
writes an nginx config for them (from deploy/nginx.conf.template) into a run directory, starts
nginx as a child process, not as a daemon (pid file, logs and temp files in that directory: no
root and nothing under /var needed; started by root, its workers run as --nginx-user), waits
until every replica and nginx answer /_stcore/health, prints the address, and on Ctrl-C or
SIGTERM stops everything. A replica that dies is started again. See deploy/README.md.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().with_name("nginx.conf.template")
SITE_BEGIN = "# ---- site begin ----"
SITE_END = "# ---- site end ----"
DEBUG_HEADER = "add_header X-Vectorlab-Replica $upstream_addr always;"


def log(message: str) -> None:
    print(f"[replicas] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the nginx config


def render_config(
    ports: list[int],
    listen: str,
    run_dir: Path,
    temp_dir: Path,
    *,
    debug_header: bool = False,
    user: str | None = None,
    access_log: str | None = None,
) -> str:
    """The whole nginx.conf for these replica ports (see deploy/nginx.conf.template)."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;" for port in ports)
    replacements = {
        "@@USER@@": f"user {user};" if user else "# (no `user`: nginx runs as whoever starts it)",
        "@@RUN_DIR@@": str(run_dir),
        "@@TEMP_DIR@@": str(temp_dir),
        "@@SERVERS@@": servers,
        "@@LISTEN@@": listen,
        "@@ACCESS_LOG@@": access_log or str(run_dir / "access.log"),
        "@@DEBUG_HEADER@@": DEBUG_HEADER if debug_header else f"# {DEBUG_HEADER}",
    }
    text = TEMPLATE.read_text()
    for placeholder, value in replacements.items():
        text = text.replace(placeholder, value)
    if re.search(r"@@[A-Z_]+@@", text):
        raise ValueError("nginx.conf.template has a placeholder render_config does not fill")
    return text


def site_part(config: str) -> str:
    """The http-context part of a rendered config: what a system nginx includes from conf.d/."""
    start = config.index(SITE_BEGIN)
    end = config.index(SITE_END) + len(SITE_END)
    lines = config[start:end].splitlines()
    return "\n".join(line[4:] if line.startswith("    ") else line for line in lines) + "\n"


def listen_url(listen: str) -> str:
    """The http:// address of an nginx `listen` value (8080, 0.0.0.0:8080, 127.0.0.1:8080)."""
    host, _, port = listen.rpartition(":")
    if host in ("", "0.0.0.0", "*", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port or listen}"


# --------------------------------------------------------------------------- processes


def _die_with_parent() -> None:
    """Runs in each child before exec: a SIGTERM when this script dies, even by SIGKILL (Linux),
    and a session of its own so that a Ctrl-C reaches only this script, which then stops the
    children in order."""
    os.setsid()
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def healthy(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


def find_nginx(given: str | None) -> str:
    for candidate in (given, shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("nginx not found: apt-get install nginx (or pass --nginx /path/to/nginx)")


@dataclass
class Replica:
    port: int
    log_path: Path
    env: dict
    extra_args: list[str]
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)
    given_up: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log_file = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                "--server.port", str(self.port), "--server.address", "127.0.0.1",
                "--server.headless", "true", *self.extra_args,
            ],
            cwd=ROOT, env=self.env, stdout=log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        log_file.close()


class Supervisor:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.run_dir = Path(args.run_dir).resolve() if args.run_dir else Path(
            tempfile.mkdtemp(prefix="vectorlab-replicas-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.own_temp = None
        self.nginx_bin = None if args.no_nginx else find_nginx(args.nginx)
        self.ports = [args.first_port + i for i in range(args.replicas)]
        self.url = None if args.no_nginx else listen_url(args.listen)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.replicas = [
            Replica(port, self.run_dir / f"replica-{port}.log", env, args.streamlit_arg or [])
            for port in self.ports
        ]
        self.nginx: subprocess.Popen | None = None
        self.stopping = False
        self.ready = False

    # -- nginx

    def write_config(self) -> Path:
        user = None
        # nginx started by root drops its workers to `user`, and those need to reach the temp
        # directory; the run directory may sit in a private (0700) directory, so put the temp
        # files in a fresh directory under /tmp (nginx chowns its subdirectories to `user`).
        if os.geteuid() == 0:
            user = self.args.nginx_user
            self.own_temp = Path(tempfile.mkdtemp(prefix="vectorlab-nginx-"))
            self.own_temp.chmod(0o711)
            temp_dir = self.own_temp
        else:
            temp_dir = self.run_dir / "nginx-temp"
            temp_dir.mkdir(exist_ok=True)
        config = render_config(
            self.ports, self.args.listen, self.run_dir, temp_dir,
            debug_header=self.args.debug_header, user=user,
        )
        path = self.run_dir / "nginx.conf"
        path.write_text(config)
        return path

    def nginx_command(self, config: Path, *extra: str) -> list[str]:
        # -p: prefix for any relative path; -e: the error log before the config is read (Debian's
        # default would be /var/log/nginx/error.log); daemon off: nginx stays our child.
        return [
            self.nginx_bin, "-p", str(self.run_dir), "-c", str(config),
            "-e", str(self.run_dir / "nginx-error.log"), "-g", "daemon off;", *extra,
        ]

    def start_nginx(self, config: Path) -> None:
        check = subprocess.run(self.nginx_command(config, "-t", "-q"), capture_output=True, text=True)
        if check.returncode:
            raise SystemExit(f"nginx rejected {config}:\n{check.stderr}")
        log_file = open(self.run_dir / "nginx.out", "a")
        self.nginx = subprocess.Popen(
            self.nginx_command(config), stdout=log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        log_file.close()

    # -- lifecycle

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.args.timeout
        waiting = {replica.port for replica in self.replicas}
        while waiting:
            for replica in self.replicas:
                if replica.port in waiting:
                    if replica.process.poll() is not None:
                        raise SystemExit(
                            f"replica {replica.port} exited with {replica.process.returncode}; "
                            f"see {replica.log_path}:\n{replica.log_path.read_text()[-2000:]}")
                    if healthy(replica.url):
                        waiting.discard(replica.port)
                        log(f"replica 127.0.0.1:{replica.port} is healthy")
            if time.monotonic() > deadline:
                raise SystemExit(f"replicas {sorted(waiting)} not healthy after {self.args.timeout:g} s")
            time.sleep(0.3)
        while self.nginx and not healthy(self.url):
            if self.nginx.poll() is not None:
                raise SystemExit(f"nginx exited with {self.nginx.returncode}; see {self.run_dir}/nginx-error.log")
            if time.monotonic() > deadline:
                raise SystemExit(f"nginx at {self.url} not healthy after {self.args.timeout:g} s")
            time.sleep(0.3)

    def run(self) -> int:
        busy = [port for port in self.ports if not port_free(port)]
        if busy:
            raise SystemExit(f"ports already in use: {busy} (choose another --first-port)")
        log(f"run directory {self.run_dir} (config, logs, pid)")
        for replica in self.replicas:
            replica.start()
        if self.nginx_bin:
            self.start_nginx(self.write_config())
        self.wait_ready()
        (self.run_dir / "ready.json").write_text(json.dumps({
            "url": self.url, "nginx_pid": self.nginx.pid if self.nginx else None,
            "replicas": {str(r.port): r.process.pid for r in self.replicas},
        }))
        self.ready = True
        where = self.url or ", ".join(r.url for r in self.replicas) + " (for your own nginx: --print-site)"
        log(f"Vectorlab is ready at {where}; replicas: {len(self.replicas)}; Ctrl-C stops it")
        while not self.stopping:
            if self.nginx and self.nginx.poll() is not None:
                log(f"nginx exited with {self.nginx.returncode}; stopping")
                return 1
            for replica in self.replicas:
                if replica.process.poll() is not None and not (self.stopping or replica.given_up):
                    self.restart(replica)
            time.sleep(1)
        return 0

    def restart(self, replica: Replica) -> None:
        now = time.monotonic()
        replica.restarts = [t for t in replica.restarts if now - t < 600] + [now]
        if len(replica.restarts) > 5:
            # nginx sends its browsers to the other replicas meanwhile
            log(f"replica {replica.port} died 5 times in 10 minutes; leaving it down (see {replica.log_path})")
            replica.given_up = True
            return
        log(f"replica {replica.port} exited with {replica.process.returncode}; starting it again")
        replica.start()

    def stop(self, *_signal) -> None:
        self.stopping = True
        if not self.ready:  # still starting: break out of the waiting at once
            raise KeyboardInterrupt

    def shutdown(self) -> None:
        """nginx first (no new requests), then the replicas; SIGTERM, then SIGKILL after 10 s."""
        self.stopping = True
        processes = [p for p in [self.nginx] + [r.process for r in self.replicas] if p is not None]
        for process in processes:
            if process.poll() is None:
                # SIGTERM is nginx's fast shutdown; its graceful one (SIGQUIT) would wait for
                # every open websocket, i.e. for the end of the lesson.
                process.terminate()
            if process is self.nginx:
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    pass
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.own_temp:
            shutil.rmtree(self.own_temp, ignore_errors=True)
        (self.run_dir / "ready.json").unlink(missing_ok=True)
        log("stopped")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--replicas", type=int, default=2,
                        help="Streamlit processes (default 2; about one per 30 students or per CPU core)")
    parser.add_argument("--listen", default="8080",
                        help="nginx `listen`: a port (all interfaces) or address:port (default 8080)")
    parser.add_argument("--first-port", type=int, default=8501,
                        help="the replicas listen on 127.0.0.1, this port and the next ones (default 8501)")
    parser.add_argument("--run-dir", help="config, logs and pid file go here (default: a new temp directory)")
    parser.add_argument("--nginx", help="the nginx binary (default: nginx on PATH, then /usr/sbin/nginx)")
    parser.add_argument("--nginx-user", default="www-data",
                        help="only when run as root: the user nginx's workers run as (default www-data)")
    parser.add_argument("--no-nginx", action="store_true",
                        help="start and watch the replicas only, for a system nginx configured with --print-site")
    parser.add_argument("--debug-header", action="store_true",
                        help="add X-Vectorlab-Replica (the replica's address) to every response")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for health (default 180)")
    parser.add_argument("--streamlit-arg", action="append", metavar="ARG",
                        help="extra argument for every `streamlit run`, e.g. --streamlit-arg=--server.maxUploadSize=50")
    parser.add_argument("--print-config", action="store_true",
                        help="print the whole nginx.conf for these options and exit")
    parser.add_argument("--print-site", action="store_true",
                        help="print only the http-context part (for /etc/nginx/conf.d/) and exit")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.print_config or args.print_site:
        ports = [args.first_port + i for i in range(args.replicas)]
        run_dir = Path(args.run_dir or "/run/vectorlab")
        config = render_config(
            ports, args.listen, run_dir, run_dir / "nginx-temp", debug_header=args.debug_header,
            access_log="/var/log/nginx/vectorlab-access.log" if args.print_site else None,
        )
        print(site_part(config) if args.print_site else config, end="")
        return 0
    # every open websocket is a file descriptor, in nginx and in a replica: lift the soft limit
    # (often 1024) to the hard one, which needs no privileges
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    supervisor = Supervisor(args)
    signal.signal(signal.SIGTERM, supervisor.stop)
    signal.signal(signal.SIGINT, supervisor.stop)
    signal.signal(signal.SIGHUP, supervisor.stop)
    try:
        return supervisor.run()
    except KeyboardInterrupt:
        log("interrupted while starting")
        return 130
    finally:
        supervisor.shutdown()


if __name__ == "__main__":
    sys.exit(main())
