#!/usr/bin/env python3
"""Fault, crash, concurrency and two-instance checks against the Release build (see README.md).

Usage: checks.py --build DIR [--quick] [--only NAME ...]
Prints one table row per check (result and measured numbers) and exits non-zero when any check failed.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import sys
import threading
import time
import traceback
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Cluster, Service, cleanup, log, new_token, run_threads, wait_until  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UNAVAILABLE = {"detail": "Database unavailable."}
TIMED_OUT = {"detail": "Database query timed out."}
CONFLICT = {"detail": "Conflicting concurrent request; try again."}
QUICK = False
_shared = []


def cluster():
    """The run's one PostgreSQL cluster for the checks that bring an external database (one database each)."""
    if not _shared or _shared[0].sql("SELECT 1") != "1":
        _shared[:] = [Cluster("shared", shared=True)]
    return _shared[0]


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def body_of(response):
    try:
        return response.json()
    except ValueError:
        return response.body


def tags(client, prefix, count):
    response = client.post("/api/extras/tags/", [{"name": f"{prefix}{i}", "slug": f"{prefix}{i}"} for i in range(count)])
    expect(response.status == 201, f"seeding tags: {response}")
    return [t["id"] for t in response.json()]


# --- 2. Database faults -------------------------------------------------------------------------------------------


def check_database_stopped(build):
    """PostgreSQL stopped (immediate) under load: 503s within 1 s, live 200 / ready 503; back within 5 s of restart."""
    pg = cluster()
    db = pg.create_database("stopped")
    svc = Service(build, pg.connection_string(db), name="stopped").start()
    ids = tags(svc.client(), "seed", 100)

    records = []  # (started, ended, method, status or exception text, body, retry-after)
    lock = threading.Lock()
    stop = threading.Event()

    def load(worker):
        client = svc.client(timeout=30)
        n = 0
        while not stop.is_set():
            n += 1
            kind = (worker + n) % 3
            started = time.monotonic()
            try:
                if kind == 0:
                    r = client.get("/api/extras/tags/?limit=20")
                elif kind == 1:
                    r = client.get(f"/api/extras/tags/{random.choice(ids)}/")
                else:
                    r = client.post("/api/extras/tags/", {"name": f"w{worker}-{n}", "slug": f"w{worker}-{n}"})
                entry = (started, time.monotonic(), ("GET", "GET", "POST")[kind], r.status, body_of(r), r.header("retry-after"))
            except Exception as error:  # noqa: BLE001 - a failed request is a finding, not a crash of the check
                entry = (started, time.monotonic(), ("GET", "GET", "POST")[kind], repr(error), None, None)
            with lock:
                records.append(entry)

    workers = [threading.Thread(target=load, args=(i,)) for i in range(8)]
    for w in workers:
        w.start()
    try:
        time.sleep(1.5)
        log("stopping PostgreSQL (immediate) under load")
        stopped_at = time.monotonic()
        pg.stop("immediate")
        time.sleep(0.3)
        live = svc.client(token="").get("/health/live")
        ready = svc.client(token="").get("/health/ready")
        time.sleep(2.0 if QUICK else 5.0)
        live2 = svc.client(token="").get("/health/live")
        restart_at = time.monotonic()
        pg.start()
        up_at = time.monotonic()
        log(f"PostgreSQL up again after {ms(up_at - restart_at)}")

        def healthy():
            c = svc.client(timeout=5)
            return (c.get("/health/ready").status == 200 and c.get("/api/extras/tags/?limit=1").status == 200
                    and c.post("/api/extras/tags/", {"name": f"after-{time.monotonic_ns()}", "slug": f"a{time.monotonic_ns()}"}).status == 201)

        first_ok = wait_until(healthy, 30, 0.05)
        time.sleep(1.5)  # keep the load on: every request after recovery must succeed
    finally:
        stop.set()
        for w in workers:
            w.join()

    expect(live.status == 200, f"/health/live while PostgreSQL is down: {live}")
    expect(live2.status == 200, f"/health/live while PostgreSQL is down: {live2}")
    expect(ready.status == 503, f"/health/ready while PostgreSQL is down: {ready}")
    down = [r for r in records if r[1] > stopped_at + 0.2 and r[0] < restart_at]
    expect(down, "no request was made while PostgreSQL was down")
    wrong = [r for r in down if not (r[3] == 503 and r[4] == UNAVAILABLE and r[5])]
    expect(not wrong, f"{len(wrong)} of {len(down)} requests while down were not 503 {UNAVAILABLE} with Retry-After, e.g. {wrong[:3]}")
    overlapping = [r for r in records if r[1] > stopped_at and r[0] < restart_at]
    slowest = max(r[1] - r[0] for r in overlapping)
    expect(slowest <= 1.0, f"slowest request while PostgreSQL was down took {ms(slowest)} (bound 1 s)")
    expect(first_ok is not None, "service did not recover within 30 s of PostgreSQL's restart")
    # Full service: the first moment ready, a read and a write all succeed (probed from the moment PostgreSQL accepts
    # connections again); from then on every request of the load must succeed too.
    recovered = first_ok
    after = [r for r in records if r[0] > up_at]
    late = [r for r in after if r[0] > up_at + recovered and r[3] not in (200, 201)]
    expect(not late, f"requests failed after recovery: {late[:3]}")
    expect(recovered <= 5.0, f"full service {ms(recovered)} after PostgreSQL was back (bound 5 s)")
    failed_after = [r for r in after if r[3] not in (200, 201)]
    statuses = Counter(r[3] for r in down)
    stopped_row = (f"{len(down)} requests while down: {dict(statuses)}; slowest {ms(slowest)}; ready 503 in {ms(ready.elapsed)}, "
                   f"live 200; full service {ms(recovered)} after PostgreSQL was up ({ms(up_at - restart_at)} to start it; "
                   f"{len(failed_after)} of {len(after)} requests after it answered 503)")
    rows = [("stopped under load", stopped_row)]
    # The same service, recovered, for the disconnecting client (a check of its own: its failure is reported apart).
    try:
        rows.append(("client disconnects mid-request", check_client_abort((pg, db, svc))))
    except CheckFailed as failure:
        rows.append(("client disconnects mid-request", failure))
    return rows


def backends(pg, db, where=""):
    out = pg.sql("SELECT pid, state, coalesce(wait_event_type, ''), left(query, 60) FROM pg_stat_activity "
                 f"WHERE application_name = 'proxbox-api' AND backend_type = 'client backend' {where}", db)
    return [line.split("|", 3) for line in out.splitlines() if line]


def raw_request(port, method, path, token, body=None):
    """Sends a request on a bare socket and answers the socket, unread, so the caller can drop it mid-request."""
    sock = socket.create_connection(("127.0.0.1", port))
    payload = json.dumps(body).encode() if body is not None else b""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\nAccept: application/json\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")
    sock.sendall(head.encode() + payload)
    return sock


def check_client_abort(database_faults_service):
    """A client that disconnects mid-request cancels its query: no leftover backend for it."""
    pg, db, svc = database_faults_service
    tag_id = tags(svc.client(), "ab", 1)[0]
    numbers = []
    # A real slow request: one blocked on a lock another session holds (a long migration, a pg_dump, an operator's
    # open transaction), which would otherwise wait for as long as the statement timeout allows (30 s by default).
    cases = [
        ("list", "GET", "/api/extras/tags/?q=ab", None, "LOCK TABLE extras_tag IN ACCESS EXCLUSIVE MODE;"),
        ("PATCH", "PATCH", f"/api/extras/tags/{tag_id}/", {"description": "never"}, f"SELECT 1 FROM extras_tag WHERE id = {tag_id} FOR UPDATE;"),
    ]
    aborted_before = svc.log_text().count("responded 499")
    for name, method, path, body, lock_sql in cases:
        holder = pg.session(db)
        holder.send("BEGIN;")
        holder.send(lock_sql)
        time.sleep(0.3)
        sock = raw_request(svc.port, method, path, svc.token, body)
        waiting = []
        took = wait_until(lambda: waiting.extend(backends(pg, db, "AND state = 'active' AND wait_event_type = 'Lock'")) or waiting, 10, 0.05)
        expect(took is not None, f"{name}: the request never reached the database")
        pid = waiting[0][0]
        sock.close()
        # The lock is held until after this wait, so the query cannot finish by itself: only a cancel frees it.
        gone = wait_until(lambda: pg.sql(f"SELECT state FROM pg_stat_activity WHERE pid = {pid}", db) not in ("active", "idle in transaction"), 5, 0.02)
        holder.send("ROLLBACK;")
        holder.close()
        expect(gone is not None, f"{name}: backend {pid} still busy 5 s after the client went away")
        expect(gone <= 2.0, f"{name}: backend {pid} busy for {ms(gone)} after the client went away (bound 2 s)")
        numbers.append(f"{name} freed {ms(gone)} after the abort")

    time.sleep(0.5)
    leftovers = backends(pg, db, "AND state <> 'idle'")
    expect(not leftovers, f"leftover backends: {leftovers}")
    logged = svc.log_text().count("responded 499") - aborted_before
    expect(logged == 2, f"request log shows {logged} aborted requests (499), expected 2")
    expect(svc.client().patch(f"/api/extras/tags/{tag_id}/", {}).json()["description"] == "", "the aborted PATCH was committed")
    return "; ".join(numbers) + "; no active or idle-in-transaction backend left; both logged as 499; PATCH not applied"


def check_statement_timeout(build):
    """Proxbox__StatementTimeoutSeconds=1 bounds any one query: a 503 after about 1 s, never a 500 or a hang."""
    return [("statement timeout 1 s", statement_timeout(build))]


def statement_timeout(build):
    pg = cluster()
    db = pg.create_database("timeout")
    svc = Service(build, pg.connection_string(db), env={"Proxbox__StatementTimeoutSeconds": "1"}, name="timeout").start()
    client = svc.client()
    tag_id = tags(client, "to", 1)[0]
    holder = pg.session(db)
    holder.send("BEGIN; LOCK TABLE extras_tag IN ACCESS EXCLUSIVE MODE;")
    time.sleep(0.3)
    results = []
    for method, path, body in [("GET", "/api/extras/tags/", None), ("GET", f"/api/extras/tags/{tag_id}/", None),
                               ("PATCH", f"/api/extras/tags/{tag_id}/", {"description": "x"}),
                               ("POST", "/api/extras/tags/", {"name": "late", "slug": "late"})]:
        r = client.request(method, path, body)
        results.append((method, path, r))
    holder.send("ROLLBACK;")
    holder.close()
    for method, path, r in results:
        expect(r.status == 503 and body_of(r) == TIMED_OUT and r.header("retry-after"), f"{method} {path}: {r}")
        expect(r.elapsed < 3.0, f"{method} {path} took {ms(r.elapsed)} with a 1 s statement timeout")
    after = client.get(f"/api/extras/tags/{tag_id}/")
    expect(after.status == 200 and after.json()["description"] == "", f"after the lock: {after}")
    expect(client.get("/api/extras/tags/?slug=late").json()["count"] == 0, "the timed-out POST was committed")
    slowest = max(r.elapsed for _, _, r in results)
    return f"GET list, GET detail, PATCH, POST: 503 {TIMED_OUT['detail']!r} + Retry-After, slowest {ms(slowest)}; nothing committed"


# --- 3. Embedded PostgreSQL ---------------------------------------------------------------------------------------


def postmaster_pid(svc):
    with open(os.path.join(svc.data_dir, "pgdata", "postmaster.pid")) as f:
        return int(f.readline())


def check_embedded(build):
    """The embedded PostgreSQL killed under the service: restarted by it; when it cannot be, the service exits 4."""
    rows = []
    data_dir = None
    try:
        numbers, data_dir = embedded_restart(build)
        rows.append(("postmaster killed", numbers))
    except CheckFailed as failure:
        rows.append(("postmaster killed", failure))
    try:
        rows.append(("cannot be restarted", embedded_gives_up(build, data_dir)))
    except CheckFailed as failure:
        rows.append(("cannot be restarted", failure))
    return rows


def embedded_restart(build):
    svc = Service(build, name="embedded").start()
    client = svc.client(timeout=10)
    kept = tags(client, "kept", 3)
    pid = postmaster_pid(svc)
    os.kill(pid, signal.SIGKILL)
    log(f"killed the embedded postmaster {pid}")
    seen = Counter()

    def serving():
        r = client.get("/health/ready")
        seen[r.status] += 1
        return r.status == 200 and client.post("/api/extras/tags/", {"name": f"n{time.monotonic_ns()}", "slug": f"n{time.monotonic_ns()}"}).status == 201

    back = wait_until(serving, 60, 0.05)
    expect(back is not None, f"not serving 60 s after its PostgreSQL was killed: {svc.log_tail(10)}")
    expect(svc.proc.poll() is None, "the service exited")
    new_pid = postmaster_pid(svc)
    expect(new_pid != pid, "same postmaster pid")
    expect(client.get(f"/api/extras/tags/?id={kept[0]}&id={kept[2]}").json()["count"] == 2, "data lost across the restart")
    svc.signal(signal.SIGTERM)
    code = svc.wait(60)
    expect(code == 0, f"service exit code {code} after SIGTERM")
    expect(not os.path.exists(os.path.join(svc.data_dir, "pgdata", "postmaster.pid")), "PostgreSQL left running after the service stopped")
    return (f"serving again {ms(back)} after the kill (ready answered {dict(seen)}); data kept; SIGTERM then exit 0 and PostgreSQL stopped",
            svc.data_dir)


def embedded_gives_up(build, data_dir=None):
    # The previous check's data folder when there is one: no second initdb.
    svc = Service(build, name="embedded-lost", data_dir=data_dir, env={"Proxbox__StatementTimeoutSeconds": "1"}).start()
    with open(os.path.join(svc.data_dir, "pgdata", "postmaster.pid")) as f:
        lines = f.read().splitlines()
    pid, port = int(lines[0]), int(lines[3])
    os.kill(pid, signal.SIGKILL)
    # Take its port, so that every restart fails to bind.
    squatter = socket.socket()
    squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    took = wait_until(lambda: squatter.bind(("127.0.0.1", port)) or True, 5, 0.01)
    expect(took is not None, "could not take the dead server's port")
    squatter.listen()
    started = time.monotonic()
    try:
        code = svc.wait(60)
    finally:
        squatter.close()
    elapsed = time.monotonic() - started
    expect(code == 4, f"exit code {code}, expected 4")
    return f"exit code 4 after {elapsed:.1f} s of failed restarts (give-up window: statement timeout 1 s + 10 s)"


# --- 4. Crashes ---------------------------------------------------------------------------------------------------


def bulk_during_signal(pg, db, svc, sig, label, restart, held=False):
    """
    Sends a 10,000-tag bulk POST, signals the service while its INSERT runs, and counts the tags (restarted first).
    held: another session holds an uncommitted tag with the slug of item 5,000, so the INSERT stops half way (at the
    unique index) until well after the signal.
    """
    body = [{"name": f"{label}-{i}", "slug": f"{label}-{i}"} for i in range(10000)]
    answer = {}
    holder = None
    if held:
        holder = pg.session(db)
        holder.send(f"BEGIN; INSERT INTO extras_tag (name, slug) VALUES ('holder', '{label}-5000');")

    def post():
        try:
            answer["response"] = svc.client(timeout=120).post("/api/extras/tags/", body)
        except Exception as error:  # noqa: BLE001
            answer["error"] = repr(error)

    thread = threading.Thread(target=post)
    thread.start()
    # Signal while the bulk INSERT runs inside its transaction.
    waiting = "AND wait_event_type = 'Lock'" if held else ""
    running = wait_until(lambda: backends(pg, db, f"AND state = 'active' AND xact_start IS NOT NULL AND query LIKE 'INSERT INTO extras_tag%' {waiting}"), 60, 0.01)
    expect(running is not None, "the bulk INSERT was never seen running")
    svc.signal(sig)
    signalled = time.monotonic()
    thread.join(120)
    code = svc.wait(60)
    exit_after = time.monotonic() - signalled
    if holder is not None:
        holder.send("ROLLBACK;")
        holder.close()
    rows = int(pg.sql(f"SELECT count(*) FROM extras_tag WHERE slug LIKE '{label}-%'", db))
    if restart:
        svc.start()
        listed = svc.client().get(f"/api/extras/tags/?q={label}-&limit=1").json()["count"]
        expect(rows == listed, f"after the restart the API lists {listed}, the database holds {rows}")
    return answer, code, rows, exit_after


SHUTDOWN_TIMEOUT = 5  # seconds the host waits for requests in flight after SIGTERM (30 by default)


def check_crashes(build):
    """
    One service, a 10,000-item bulk POST each time: SIGKILLed during the INSERT (then restarted); SIGTERMed during
    one that can finish; SIGTERMed during one that cannot finish within the shutdown timeout.
    """
    pg = cluster()
    db = pg.create_database("crashes")
    svc = Service(build, pg.connection_string(db), name="crashes", env={"DOTNET_SHUTDOWNTIMEOUTSECONDS": str(SHUTDOWN_TIMEOUT)}).start()
    rows = []

    def case(title, fn):
        try:
            if svc.proc.poll() is not None:
                svc.start()
            rows.append((title, fn()))
        except CheckFailed as failure:
            rows.append((title, failure))

    def killed():
        answer, _, count, _ = bulk_during_signal(pg, db, svc, signal.SIGKILL, "killed", restart=True)
        expect(count in (0, 10000), f"{count} of 10000 items exist after SIGKILL")
        expect("response" not in answer or answer["response"].status == 201, f"answer {answer}")
        got = answer["response"].status if "response" in answer else "no answer"
        return f"killed during the INSERT: {got}; after restart {count} of 10000 items (all or none)"

    def terminated(label, held):
        answer, code, count, exit_after = bulk_during_signal(pg, db, svc, signal.SIGTERM, label, restart=False, held=held)
        response = answer.get("response")
        if response is not None and response.status == 201:
            expect(count == 10000, f"answered 201 but {count} of 10000 items exist")
            expect(len(response.json()) == 10000, "201 without every item")
        else:
            expect(count == 0, f"not answered 201 ({answer}) but {count} of 10000 items exist")
        expect(code == 0, f"exit code {code} after SIGTERM")
        got = f"answered {response.status}" if response is not None else "not answered"
        return got, code, count, exit_after

    def finishes():
        got, code, count, exit_after = terminated("termed", held=False)
        if exit_after >= SHUTDOWN_TIMEOUT:
            # A machine too busy to finish it within the timeout: the cut-off case, still all or none.
            return f"{got} ({count} of 10000 items): the POST outlasted the {SHUTDOWN_TIMEOUT} s shutdown timeout here"
        expect(got == "answered 201", f"a POST that finished within the shutdown timeout was {got}")
        return f"{got} and committed: {count} of 10000 items; exit {code} {exit_after:.1f} s after the signal"

    def cut_off():
        got, code, count, exit_after = terminated("cut", held=True)
        expect(got == "not answered", f"a POST held past the shutdown timeout was {got}")
        return (f"held half way past the {SHUTDOWN_TIMEOUT} s shutdown timeout: {got}, not committed ({count} of 10000 items); "
                f"exit {code} {exit_after:.1f} s after the signal")

    case("SIGKILL during 10,000-item POST", killed)
    case("SIGTERM, the POST can finish", finishes)
    case("SIGTERM, the POST cannot finish", cut_off)
    return rows


# --- 5. Concurrency -----------------------------------------------------------------------------------------------


def check_upsert_same_keys(build, svc, pg, db):
    client = svc.client()
    clusters = [client.post("/api/virtualization/clusters/", {"name": f"up-{i}"}).json()["id"] for i in range(2)]
    keys = 40
    rounds = 3 if QUICK else 12

    def worker(i):
        c = svc.client()
        statuses = []
        for rnd in range(rounds):
            items = [{"cluster": cl, "name": f"store-{k}", "path": f"/mnt/{i}/{rnd}", "enabled": (i + rnd) % 2 == 0}
                     for cl in clusters for k in range(keys)]
            random.shuffle(items)  # clients send the same keys in different orders
            r = c.post("/api/plugins/proxbox/storage/", items)
            statuses.append(r.status if r.status == 201 else (r.status, r.body[:200]))
        return statuses

    started = time.monotonic()
    results = run_threads(16, worker)
    elapsed = time.monotonic() - started
    statuses = Counter(s for r in results for s in r)
    expect(set(statuses) == {201}, f"answers {dict(statuses)}")
    rows = pg.sql("SELECT cluster_id, count(*), count(DISTINCT lower(name)) FROM netbox_proxbox_proxmoxstorage GROUP BY 1 ORDER BY 1", db)
    expect(rows == "\n".join(f"{cl}|{keys}|{keys}" for cl in clusters), f"rows per cluster: {rows!r}")
    return f"16 clients x {rounds} bulk upserts of {2 * keys} keys (shuffled): {statuses[201]} x 201, 0 errors; {keys} rows per cluster, {elapsed:.1f} s"


def check_if_match(build, svc, pg, db):
    client = svc.client()
    tag = client.post("/api/extras/tags/", {"name": "etag", "slug": "etag"})
    tag_id = tag.json()["id"]
    rounds = 3 if QUICK else 10
    tallies = Counter()
    for rnd in range(rounds):
        etag = client.get(f"/api/extras/tags/{tag_id}/").header("etag")
        expect(etag, "no ETag")
        answers = run_threads(16, lambda i: svc.client().patch(f"/api/extras/tags/{tag_id}/", {"description": f"r{rnd}-c{i}"},
                                                             headers={"If-Match": etag}).status)
        counts = Counter(answers)
        expect(counts == Counter({200: 1, 412: 15}), f"round {rnd}: {dict(counts)}")
        tallies.update(counts)
    return f"{rounds} rounds of 16 PATCHes with one If-Match: each exactly 1 x 200, 15 x 412"


def check_bulk_orders(build, svc, pg, db):
    client = svc.client()
    cluster = client.post("/api/virtualization/clusters/", {"name": "deadlock"}).json()["id"]
    tag_list = client.post("/api/extras/tags/", [{"name": f"dl{i}", "slug": f"dl{i}"} for i in range(6)]).json()
    tag_ids = [t["id"] for t in tag_list]
    vms = client.post("/api/virtualization/virtual-machines/",
                      [{"name": f"dl-vm{i}", "cluster": cluster, "tags": [tag_ids[i % 6]]} for i in range(200 if QUICK else 400)]).json()
    ids = [v["id"] for v in vms]
    rounds = 8 if QUICK else 40

    def worker(i):
        c = svc.client()
        out = []
        for rnd in range(rounds):
            order = ids if i % 2 == 0 else ids[::-1]
            role = i % 4
            if role < 2:  # bulk update of every VM, re-tagging them, in ascending or descending id order
                r = c.patch("/api/virtualization/virtual-machines/",
                            [{"id": x, "description": f"{i}-{rnd}", "tags": [tag_ids[(x + rnd) % 6]]} for x in order])
            elif role == 2:  # bulk delete of a slice, from either end
                r = c.delete("/api/virtualization/virtual-machines/", [{"id": x} for x in order[rnd * 2:rnd * 2 + 4]])
            else:  # bulk rename of the tags the VMs are being tagged with, in either order
                r = c.patch("/api/extras/tags/", [{"id": t, "description": f"{i}-{rnd}", "slug": f"dl{t}-{i}-{rnd}"}
                                                  for t in (tag_ids if i % 8 < 4 else tag_ids[::-1])])
            out.append(r.status if r.status < 500 else (r.status, r.body[:200]))
        return out

    log_before = svc.log_text().count("Retrying ")
    results = run_threads(16, worker)
    statuses = Counter(s for r in results for s in r)
    errors = {k: v for k, v in statuses.items() if not isinstance(k, int)}
    five_hundreds = {k: v for k, v in errors.items() if k[0] == 500}
    expect(not five_hundreds, f"500s: {five_hundreds}")
    unexpected = {k: v for k, v in errors.items() if json.loads(k[1]) != CONFLICT}
    expect(not unexpected, f"unexpected errors: {unexpected}")
    expect(set(k for k in statuses if isinstance(k, int)) <= {200, 204}, f"answers {dict(statuses)}")
    retried = svc.log_text().count("Retrying ") - log_before
    deadlocks = retried
    summary = ", ".join(f"{v} x {k}" for k, v in sorted(statuses.items(), key=str))
    return f"16 clients x {rounds} bulk PATCH/DELETE/rename in opposite orders: {summary}; {deadlocks} deadlock(s) retried, 0 x 500"


def check_concurrency(build):
    pg = cluster()
    db = pg.create_database("concurrency")
    svc = Service(build, pg.connection_string(db), name="concurrency").start()
    rows = []
    for name, fn in [("16 clients upsert the same keys", check_upsert_same_keys), ("PATCHes with one If-Match", check_if_match),
                     ("bulk updates/deletes in opposite orders", check_bulk_orders)]:
        try:
            rows.append((name, fn(build, svc, pg, db)))
        except CheckFailed as failure:
            rows.append((name, failure))
    return rows


# --- 6. Two instances ---------------------------------------------------------------------------------------------


def check_two_instances(build):
    pg = cluster()
    db = pg.create_database("instances")
    token = new_token()
    a = Service(build, pg.connection_string(db), token=token, name="instance-a")
    b = Service(build, pg.connection_string(db), token=token, name="instance-b")
    a.start(wait=False)
    b.start(wait=False)
    a.wait_ready()
    b.wait_ready()
    rows = []

    migrations = len([f for f in os.listdir(os.path.join(REPO, "migrations")) if f.endswith(".sql")])
    journal = pg.sql("SELECT count(*), count(DISTINCT version) FROM schema_versions", db)
    expect(journal == f"{migrations}|{migrations}", f"schema_versions has {journal!r} (count|distinct), expected {migrations} once each")
    applied = [int(m) for s in (a, b) for m in re.findall(r"\((\d+) migration\(s\) applied now\)", s.log_text())]
    expect(sorted(applied) == [0, migrations], f"migrations applied per instance: {applied}")
    admins = pg.sql("SELECT count(*) FROM users_user", db)
    expect(admins == "1", f"{admins} bootstrap users")
    rows.append(("start together", f"both ready; {migrations} migrations journaled once each, applied by one instance ({applied}); one admin user"))

    ca, cb = a.client(), b.client()
    written = ca.post("/api/extras/tags/", {"name": "via-a", "slug": "via-a", "description": "written through A"})
    expect(written.status == 201, f"write through A: {written}")
    read = cb.get(f"/api/extras/tags/{written.json()['id']}/")
    expect(read.status == 200 and read.json()["description"] == "written through A", f"read through B: {read}")
    patched = cb.patch(f"/api/extras/tags/{written.json()['id']}/", {"description": "changed through B"})
    expect(patched.status == 200, f"{patched}")
    expect(ca.get(f"/api/extras/tags/{written.json()['id']}/").json()["description"] == "changed through B", "A reads B's change")
    rows.append(("write A, read B", "201 through A, read back through B; B's PATCH read back through A"))

    issued = ca.post("/api/users/tokens/", {"description": "disable me"})
    expect(issued.status == 201, f"token: {issued}")
    second = issued.json()
    credential = f"nbt_{second['key']}.{second['token']}" if second.get("version") == 2 else second["token"]
    on_b = b.client(token=credential)
    expect(on_b.get("/api/extras/tags/?limit=1").status == 200, "new token refused by B")
    for _ in range(3):  # B has it cached now
        on_b.get("/api/extras/tags/?limit=1")
    disabled = ca.patch(f"/api/users/tokens/{second['id']}/", {"enabled": False})
    expect(disabled.status == 200, f"disable through A: {disabled}")
    at = time.monotonic()
    refused = wait_until(lambda: on_b.get("/api/extras/tags/?limit=1").status in (401, 403), 5, 0.01)
    expect(refused is not None, "B still accepts the disabled token 5 s later")
    refused = time.monotonic() - at if refused is None else refused
    expect(refused <= 1.0, f"B refused the disabled token only after {ms(refused)} (bound 1 s)")
    status = on_b.get("/api/extras/tags/?limit=1").status
    expect(status in (401, 403), "B accepts it again")
    rows.append(("token disabled via A", f"refused by B after {ms(refused)} ({status})"))
    return rows


# --- run ----------------------------------------------------------------------------------------------------------

CHECKS = [
    ("database", "database", check_database_stopped),
    ("timeout", "database", check_statement_timeout),
    ("embedded", "embedded PostgreSQL", check_embedded),
    ("crashes", "crash", check_crashes),
    ("concurrency", "concurrency", check_concurrency),
    ("instances", "two instances", check_two_instances),
]


def main():
    global QUICK
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    QUICK = args.quick
    table = []
    started = time.monotonic()
    for key, group, fn in CHECKS:
        if args.only and key not in args.only:
            continue
        print(f"== {key}", flush=True)
        t0 = time.monotonic()
        try:
            for sub, outcome in fn(args.build):
                failed = isinstance(outcome, CheckFailed)
                table.append((f"{group}: {sub}", "FAIL" if failed else "pass", str(outcome)))
        except CheckFailed as failure:
            table.append((f"{group}: {key}", "FAIL", str(failure)))
        except Exception as error:  # noqa: BLE001 - a broken check is a failed check
            traceback.print_exc()
            table.append((f"{group}: {key}", "FAIL", f"{type(error).__name__}: {error}"))
        finally:
            cleanup()
            log(f"{key}: {time.monotonic() - t0:.1f} s")
    width = max(len(row[0]) for row in table)
    print()
    print(f"| {'check'.ljust(width)} | result | measured |")
    print(f"|{'-' * (width + 2)}|--------|----------|")
    for check, result, numbers in table:
        print(f"| {check.ljust(width)} | {result.ljust(6)} | {numbers} |")
    failed = sum(1 for row in table if row[1] != "pass")
    print()
    print(f"checks took {time.monotonic() - started:.0f} s")
    print(f"faults: {len(table) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        cleanup(final=True)
