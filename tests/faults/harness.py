"""Throwaway PostgreSQL clusters, Release-build service processes and a small HTTP client for the fault checks.

Standard library only. Everything a check starts is registered here and torn down by ``cleanup()``, which run.sh
calls on exit whatever happened; only processes started here are ever signalled.
"""

import base64
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import tempfile
import threading
import time

PG_BIN = os.environ.get("PG_BIN") or next(
    (d for d in (f"/usr/lib/postgresql/{v}/bin" for v in range(30, 9, -1)) if os.path.exists(os.path.join(d, "initdb"))),
    "/usr/lib/postgresql/15/bin")
IS_ROOT = os.geteuid() == 0
WORK = tempfile.mkdtemp(prefix="proxbox-faults.")
os.chmod(WORK, 0o755)  # the postgres OS user runs the servers and must reach their folders
_cleanups = []  # undone after each check
_final_cleanups = []  # undone at the end of the run


def log(msg):
    print(f"  [{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_pg(args):
    """A PostgreSQL server command, as the postgres OS user when we are root (the server refuses root)."""
    return ["runuser", "-u", "postgres", "--"] + args if IS_ROOT else args


def cleanup(final=False):
    """Stops what was started since the last cleanup; the final one also removes the work folder (unless KEEP=1)."""
    while _cleanups:
        fn = _cleanups.pop()
        try:
            fn()
        except Exception as error:  # noqa: BLE001 - cleanup must go on
            print(f"cleanup: {error}")
    if final:
        while _final_cleanups:
            try:
                _final_cleanups.pop()()
            except Exception as error:  # noqa: BLE001
                print(f"cleanup: {error}")
        if os.environ.get("KEEP") == "1":
            print(f"kept {WORK}")
        else:
            shutil.rmtree(WORK, ignore_errors=True)


class Cluster:
    """
    A private PostgreSQL cluster on a loopback port: fsync off, trust authentication, deleted at cleanup. A shared
    one outlives the check that made it (each check then works in a database of its own).
    """

    def __init__(self, name="pg", shared=False):
        self.dir = tempfile.mkdtemp(prefix=f"{name}.", dir=WORK)
        self.data = os.path.join(self.dir, "data")
        self.logfile = os.path.join(self.dir, "postgres.log")
        self.port = free_port()
        if IS_ROOT:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(as_pg([f"{PG_BIN}/initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                              "--no-locale", "--no-sync"]), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        (_final_cleanups if shared else _cleanups).append(lambda: self.stop(quiet=True))
        self.start()

    def start(self):
        opts = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off -c max_connections=300"
        subprocess.run(as_pg([f"{PG_BIN}/pg_ctl", "-D", self.data, "-l", self.logfile, "-w", "-t", "60", "-o", opts, "start"]),
                       check=True, stdout=subprocess.DEVNULL)

    def stop(self, mode="fast", quiet=False):
        subprocess.run(as_pg([f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"]),
                       check=not quiet, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def connection_string(self, db):
        return f"Host=127.0.0.1;Port={self.port};Username=postgres;Database={db}"

    def create_database(self, db):
        self.sql(f"CREATE DATABASE {db}", db="postgres")
        return db

    def sql(self, text, db="postgres", timeout=60):
        """Runs SQL with psql and answers its unaligned output (rows split by newline, columns by '|')."""
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db, "-X", "-q", "-At",
                              "-v", "ON_ERROR_STOP=1", "-c", text], check=True, capture_output=True, text=True, timeout=timeout)
        return out.stdout.strip()

    def scalar(self, text, db="postgres"):
        return self.sql(text, db).splitlines()[0] if self.sql(text, db) else None

    def session(self, db):
        """A psql process kept open, to hold locks while the service works: send() lines, close() to end."""
        return PsqlSession(self, db)


class PsqlSession:
    def __init__(self, cluster, db):
        self.proc = subprocess.Popen(["psql", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d", db, "-X", "-q"],
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        _cleanups.append(self.close)

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def new_token():
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(40))


SECRET_KEY = base64.b64encode(secrets.token_bytes(32)).decode()


class Service:
    """The Release build of Proxbox.Api on a loopback port."""

    def __init__(self, build, connection_string=None, token=None, env=None, name="svc", data_dir=None, port=None):
        self.build = build
        self.port = port or free_port()
        self.token = token or new_token()
        self.name = name
        self.logfile = os.path.join(WORK, f"{name}-{self.port}.log")
        self.env = dict(os.environ)
        self.env.update({
            "Proxbox__SecretKey": SECRET_KEY,
            "Proxbox__BootstrapToken": self.token,
            "DOTNET_NOLOGO": "1",
            "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
        })
        if connection_string:
            self.env["ConnectionStrings__Proxbox"] = connection_string
        else:
            self.env.pop("ConnectionStrings__Proxbox", None)
            self.env["Proxbox__DataDir"] = data_dir or tempfile.mkdtemp(prefix="embedded.", dir=WORK)
        self.env.update(env or {})
        self.proc = None
        _cleanups.append(self.kill)

    @property
    def data_dir(self):
        return self.env.get("Proxbox__DataDir")

    def start(self, wait=True, timeout=60):
        self.out = open(self.logfile, "ab")
        # Run from the build folder: its appsettings.json is the one read (the content root is the working directory).
        self.proc = subprocess.Popen(["dotnet", os.path.join(self.build, "Proxbox.Api.dll"), "--urls", f"http://127.0.0.1:{self.port}"],
                                     cwd=self.build, env=self.env, stdout=self.out, stderr=subprocess.STDOUT, start_new_session=True)
        if wait:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} while starting; see {self.logfile}:\n{self.log_tail()}")
            try:
                if self.client(timeout=2).get("/health/ready").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} was not ready within {timeout} s:\n{self.log_tail()}")

    def signal(self, sig):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)

    def wait(self, timeout=60):
        return self.proc.wait(timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def log_tail(self, lines=30):
        try:
            with open(self.logfile, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def log_text(self):
        with open(self.logfile, errors="replace") as f:
            return f.read()

    def client(self, token=None, timeout=30):
        return Client(self.port, self.token if token is None else token, timeout)


class Response:
    def __init__(self, status, headers, body, elapsed):
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed

    def json(self):
        return json.loads(self.body) if self.body else None

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"<{self.status} {self.body[:200]!r} in {self.elapsed:.3f}s>"


class Client:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closed it."""

    def __init__(self, port, token, timeout=30):
        self.port = port
        self.token = token
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        payload = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        all_headers = {"Accept": "application/json"}
        if self.token:
            all_headers["Authorization"] = f"Token {self.token}"
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        for attempt in (0, 1):
            reused = self.conn is not None
            if not reused:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            started = time.monotonic()
            try:
                self.conn.request(method, path, body=payload, headers=all_headers)
                response = self.conn.getresponse()
                body_bytes = response.read()
                result = Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body_bytes.decode(errors="replace"),
                                  time.monotonic() - started)
                if response.will_close:
                    self.close()
                return result
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                # Only a kept-alive connection that the server had closed while idle is tried once more, on a new
                # one; a request that failed on its own connection (a crash under it) is never sent twice.
                if attempt == 1 or not reused or time.monotonic() - started > 0.05:
                    raise
            except Exception:
                self.close()
                raise
        raise AssertionError("unreachable")

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, body=None, **kw):
        return self.request("DELETE", path, body, **kw)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run_threads(count, target):
    """Runs target(i) on count threads started together; answers their results (or raises the first error)."""
    results = [None] * count
    errors = []
    barrier = threading.Barrier(count)

    def body(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:  # noqa: BLE001 - reported to the caller
            errors.append(error)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def wait_until(predicate, timeout, step=0.02):
    """Polls predicate until it holds; answers the seconds it took, or None on timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if predicate():
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(step)
    return None
