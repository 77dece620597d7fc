#!/usr/bin/env python3
"""Run Vectorlab as several Streamlit replicas behind one nginx, each browser kept on one replica.

    python deploy/replicas.py --replicas 4 --listen 8080

starts 4 headless `streamlit run app.py` on 127.0.0.1:8501..8504,
writes an nginx config for them (from deploy/nginx.conf.template) into a run directory, starts
nginx as a child process, not as a daemon (pid file, logs and temp files in that directory: no
root and nothing under /var needed; started by root, its workers run as --nginx-user), waits
until every replica and nginx answer /_stcore/health, prints the address, and on Ctrl-C or
SIGTERM stops everything. A replica that dies is started again.

Class mode needs one store for every replica (a class started on one replica, joined on
another): with more than one replica the script starts a private redis-server as well (or
uses --redis-url) and gives its address to every replica in VECTORLAB_CLASS_STORE. See
deploy/README.md.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import resource
import secrets
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
STORE_ENV = "VECTORLAB_CLASS_STORE"  # read by app_pages/classroom/live.py
SPLIT_CLASSES = (
    "class mode: {n} replicas with no shared store. A class lives only on its teacher's replica, "
    "so a student whom nginx sends to another replica gets \"There is no class with this code\". {advice}"
)


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
        # as the servers bind: a port whose last connections are still in TIME_WAIT (a minute
        # after a stop) is free to them, only a listening socket is not
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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


def find_redis_server(given: str | None) -> str | None:
    for candidate in (given, shutil.which("redis-server"), "/usr/bin/redis-server", "/usr/sbin/redis-server"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(url: str, timeout: float = 2) -> bool:
    """PING through redis-py, the client the replicas use (so its absence shows here, not in
    every replica's first page)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@dataclass
class PrivateRedis:
    """A redis-server of this run only: loopback, a random password (any local user could
    otherwise rewrite what a class sees), no persistence (a class lasts a lesson; a restart
    loses the classes in progress), config and log in the run directory."""

    program: str
    port: int
    run_dir: Path
    password: str = field(default_factory=lambda: secrets.token_hex(24))
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)
    given_up: bool = False

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def write_config(self) -> Path:
        # The password goes in a file only this user reads, not on the command line (ps shows that).
        path = self.run_dir / "redis.conf"
        path.unlink(missing_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as conf:
            conf.write(
                f"port {self.port}\nbind 127.0.0.1\nprotected-mode yes\ndaemonize no\n"
                f'save ""\nappendonly no\ndir "{self.run_dir}"\nlogfile "{self.run_dir / "redis.log"}"\n'
                f"requirepass {self.password}\n"
            )
        return path

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.program, str(self.write_config())], cwd=self.run_dir,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not redis_answers(self.url, timeout=0.5):
            if self.process.poll() is not None:
                log_path = self.run_dir / "redis.log"
                tail = log_path.read_text()[-2000:] if log_path.exists() else ""
                raise SystemExit(f"redis-server exited with {self.process.returncode}; see {log_path}:\n{tail}")
            if time.monotonic() > deadline:
                raise SystemExit(f"redis-server on port {self.port} not answering after {timeout:g} s")
            time.sleep(0.1)


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
        self.redis: PrivateRedis | None = None
        self.store_url = self.choose_store()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop(STORE_ENV, None)
        if self.store_url:
            env[STORE_ENV] = self.store_url
        self.replicas = [
            Replica(port, self.run_dir / f"replica-{port}.log", env, args.streamlit_arg or [])
            for port in self.ports
        ]
        self.nginx: subprocess.Popen | None = None
        self.stopping = False
        self.ready = False

    # -- the class store

    def choose_store(self) -> str | None:
        """The replicas' VECTORLAB_CLASS_STORE: --redis-url, --redis, VECTORLAB_CLASS_STORE of
        this environment; with none of them and more than one replica, a private Redis when
        redis-server is installed (a class split per replica fails in front of the class, see
        deploy/README.md), a warning when it is not."""
        args = self.args
        if args.redis_url:
            return args.redis_url
        if args.no_redis:
            if args.replicas > 1:
                log("WARNING: " + SPLIT_CLASSES.format(n=args.replicas, advice="Leave out --no-redis for a private Redis."))
            return None
        if not args.redis and os.environ.get(STORE_ENV):
            log(f"class mode: {STORE_ENV} from the environment")
            return os.environ[STORE_ENV]
        if not args.redis and args.replicas == 1:
            return None  # one process keeps its classes itself
        program = find_redis_server(args.redis_server)
        if program is None:
            if args.redis:
                raise SystemExit("redis-server not found: apt-get install redis-server (or pass --redis-server PATH)")
            log("WARNING: " + SPLIT_CLASSES.format(
                n=args.replicas, advice="apt-get install redis-server, or pass --redis-url redis://host:6379/0."))
            return None
        self.redis = PrivateRedis(program, args.redis_port or free_port(), self.run_dir)
        return self.redis.url

    def check_store(self) -> None:
        try:
            import redis  # noqa: F401  (the replicas' client: requirements.txt)
        except ImportError:
            raise SystemExit(f"{STORE_ENV} is a Redis URL but the redis package is missing: pip install -r requirements.txt")
        if self.redis is not None:
            self.redis.start()
            self.redis.wait_ready(min(self.args.timeout, 30))
            log(f"private redis-server on 127.0.0.1:{self.redis.port} (class mode across replicas)")
        elif not redis_answers(self.store_url):
            raise SystemExit(f"no answer from the Redis at {redact(self.store_url)}")
        else:
            log(f"class mode: Redis at {redact(self.store_url)}")

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
        if self.redis and not port_free(self.redis.port):
            raise SystemExit(f"port {self.redis.port} already in use (choose another --redis-port)")
        log(f"run directory {self.run_dir} (config, logs, pid)")
        if self.store_url:
            self.check_store()  # before the replicas: their first page opens the store
        for replica in self.replicas:
            replica.start()
        if self.nginx_bin:
            self.start_nginx(self.write_config())
        self.wait_ready()
        self.ready = True
        self.write_ready()
        where = self.url or ", ".join(r.url for r in self.replicas) + " (for your own nginx: --print-site)"
        log(f"Vectorlab is ready at {where}; replicas: {len(self.replicas)}; Ctrl-C stops it")
        while not self.stopping:
            if self.nginx and self.nginx.poll() is not None:
                log(f"nginx exited with {self.nginx.returncode}; stopping")
                return 1
            for replica in self.replicas:
                if replica.process.poll() is not None and not (self.stopping or replica.given_up):
                    self.restart(replica)
            if self.redis and self.redis.process.poll() is not None and not (self.stopping or self.redis.given_up):
                self.restart(self.redis, "redis-server", "the classes in progress are lost; "
                             "the replicas reconnect and new classes work")
            time.sleep(1)
        return 0

    def write_ready(self) -> None:
        """ready.json: the address and the pids (written again when a child is restarted). Only
        this user may read it: the Redis URL holds the password."""
        ready = self.run_dir / "ready.json"
        partial = self.run_dir / "ready.json.new"
        partial.unlink(missing_ok=True)
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            json.dump({
                "url": self.url, "nginx_pid": self.nginx.pid if self.nginx else None,
                "replicas": {str(r.port): r.process.pid for r in self.replicas},
                "redis": self.store_url, "redis_pid": self.redis.process.pid if self.redis else None,
            }, out)
        partial.replace(ready)  # a reader never sees half a file

    def restart(self, child: Replica | PrivateRedis, name: str | None = None, note: str = "") -> None:
        name = name or f"replica {child.port}"
        now = time.monotonic()
        child.restarts = [t for t in child.restarts if now - t < 600] + [now]
        if len(child.restarts) > 5:
            # nginx sends a dead replica's browsers to the other replicas meanwhile
            log(f"{name} died 5 times in 10 minutes; leaving it down (see the logs in {self.run_dir})")
            child.given_up = True
            return
        log(f"{name} exited with {child.process.returncode}; starting it again" + (f" ({note})" if note else ""))
        child.start()
        self.write_ready()

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
        # Redis last: a replica still running its last scripts keeps its store till the end.
        if self.redis and self.redis.process is not None:
            self.redis.process.terminate()
            try:
                self.redis.process.wait(10)
            except subprocess.TimeoutExpired:
                self.redis.process.kill()
                self.redis.process.wait()
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
    store = parser.add_mutually_exclusive_group()
    store.add_argument("--redis", action="store_true",
                       help="start a private redis-server for class mode (the default with more than one "
                            "replica when redis-server is installed)")
    store.add_argument("--redis-url", metavar="URL",
                       help="class mode in this Redis instead (redis://[:password@]host:6379/0)")
    store.add_argument("--no-redis", action="store_true",
                       help="no shared class store: with several replicas a class works only on its teacher's replica")
    parser.add_argument("--redis-port", type=int, default=0,
                        help="the private redis-server's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--redis-server", help="the redis-server binary (default: redis-server on PATH)")
    parser.add_argument("--print-config", action="store_true",
                        help="print the whole nginx.conf for these options and exit")
    parser.add_argument("--print-site", action="store_true",
                        help="print only the http-context part (for /etc/nginx/conf.d/) and exit")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    if args.redis_url and args.redis_url.split("://", 1)[0] not in ("redis", "rediss", "unix"):
        parser.error("--redis-url must start with redis://, rediss:// or unix://")
    return args


def redact(url: str) -> str:
    """A Redis URL for the log, without its password."""
    return re.sub(r"(://[^:@/]*:)[^@/]*@", r"\1***@", url)


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
