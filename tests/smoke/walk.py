"""Walks every resource of a running Proxbox.Api through HTTP, as a client that knows only the docs would.

Usage: walk.py URL TOKEN [UNTRUSTED_URL]
  URL            the service, reached over loopback (a trusted proxy address)
  TOKEN          an admin token (sent as "Authorization: Token …")
  UNTRUSTED_URL  the same service reached from a non-loopback address, to check forwarded headers are ignored there

For every resource: create → list with a filter that finds it → patch → delete (settings: patch only). Then the
roots, status, health, schema (JSON and YAML), the docs page, and the forwarded-header rules. Exits non-zero on the
first failure, saying what failed.
"""
import json
import sys
import urllib.error
import urllib.request
import uuid

URL, TOKEN = sys.argv[1].rstrip("/"), sys.argv[2]
UNTRUSTED = sys.argv[3].rstrip("/") if len(sys.argv) > 3 else None
RUN = uuid.uuid4().hex[:8]
checks = 0


def call(method, path, body=None, headers=None, base=URL, expect=None):
    global checks
    request = urllib.request.Request(base + path, method=method)
    request.add_header("Authorization", f"Token {TOKEN}")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, data, timeout=60) as response:
            status, text, answer_headers = response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, text, answer_headers = error.code, error.read().decode(), dict(error.headers)
    if expect is not None and status != expect:
        sys.exit(f"FAIL {method} {path}: {status}, expected {expect}: {text[:500]}")
    checks += 1
    is_json = answer_headers.get("Content-Type", "").startswith("application/json")
    return status, (json.loads(text) if text and is_json else text), answer_headers


def ref(obj):
    return obj["id"]


# Objects are created in dependency order; each entry: path, create body (given what exists), a filter that finds
# it, a patch (a function where it refers to what was made before).
made = {}
plan = [
    ("extras/tags", lambda: {"name": f"smoke-{RUN}", "slug": f"smoke-{RUN}"}, lambda o: f"slug={o['slug']}", {"description": "walked"}),
    ("virtualization/clusters", lambda: {"name": f"cl-{RUN}"}, lambda o: f"name={o['name']}", {"description": "walked"}),
    ("virtualization/virtual-machines", lambda: {"name": f"vm-{RUN}", "cluster": ref(made["virtualization/clusters"])},
     lambda o: f"cluster_id={o['cluster']['id']}", {"memory": 2048}),
    ("dcim/devices", lambda: {"name": f"dev-{RUN}"}, lambda o: f"name={o['name']}", {"serial": "SN1"}),
    ("ipam/ip-addresses", lambda: {"address": "192.0.2.10/24"}, lambda o: "address=192.0.2.10/24", {"dns_name": "pve.example.com"}),
    ("plugins/proxbox/endpoints/proxmox", lambda: {"name": f"pve-{RUN}", "domain": "pve.example.com", "password": "s3cret"},
     lambda o: f"name={o['name']}", {"verify_ssl": True}),
    ("plugins/proxbox/endpoints/netbox", lambda: {"name": f"nb-{RUN}", "domain": "netbox.example.com"}, lambda o: f"name={o['name']}", {"port": 8443}),
    ("plugins/proxbox/endpoints/fastapi", lambda: {"name": f"fa-{RUN}", "domain": "proxbox.example.com"}, lambda o: f"name={o['name']}", {"port": 8801}),
    ("plugins/proxbox/clusters", lambda: {"endpoint": ref(made["plugins/proxbox/endpoints/proxmox"]), "name": f"pve-cluster-{RUN}", "mode": "cluster"},
     lambda o: f"endpoint_id={o['endpoint']['id']}", lambda: {"netbox_cluster": ref(made["virtualization/clusters"])}),
    ("plugins/proxbox/nodes", lambda: {"endpoint": ref(made["plugins/proxbox/endpoints/proxmox"]), "name": f"pve01-{RUN}", "ip_address": "192.0.2.11",
                                       "proxmox_cluster": ref(made["plugins/proxbox/clusters"])},
     lambda o: f"endpoint_id={o['endpoint']['id']}&online=false", lambda: {"netbox_device": ref(made["dcim/devices"]), "online": True}),
    ("plugins/proxbox/storage", lambda: {"cluster": ref(made["virtualization/clusters"]), "name": "local-lvm", "storage_type": "lvmthin"},
     lambda o: f"cluster__name={o['cluster']['name']}", {"enabled": False}),
    ("plugins/proxbox/backups", lambda: {"virtual_machine": ref(made["virtualization/virtual-machines"]), "proxmox_storage": ref(made["plugins/proxbox/storage"]),
                                         "storage": "local-lvm", "format": "pbs-vm", "vmid": 100, "creation_time": "2026-04-01T02:00:00Z",
                                         "volume_id": f"vm/100/{RUN}"},
     lambda o: f"virtual_machine_id={o['virtual_machine']['id']}&format=pbs-vm", {"notes": "walked"}),
    ("plugins/proxbox/snapshots", lambda: {"virtual_machine": ref(made["virtualization/virtual-machines"]), "name": "pre-upgrade", "vmid": 100,
                                           "node": f"pve01-{RUN}"},
     lambda o: f"virtual_machine_id={o['virtual_machine']['id']}&subtype=qemu", {"description": "walked"}),
    ("plugins/proxbox/task-history", lambda: {"virtual_machine": ref(made["virtualization/virtual-machines"]), "upid": f"UPID:pve01:{RUN}:vzdump:100:root@pam:",
                                              "node": "pve01", "task_type": "vzdump", "username": "root@pam", "start_time": "2026-04-01T02:00:00Z",
                                              "description": "VM 100 backup", "status": "OK"},
     lambda o: f"virtual_machine_id={o['virtual_machine']['id']}&task_type=vzdump", {"exitstatus": "OK"}),
    ("plugins/proxbox/backup-routines", lambda: {"endpoint": ref(made["plugins/proxbox/endpoints/proxmox"]), "job_id": f"job-{RUN}", "schedule": "0 2 * * *",
                                                 "storage": ref(made["plugins/proxbox/storage"]), "keep_daily": 7},
     lambda o: f"storage_id={o['storage']['id']}&enabled=true", {"status": "stale"}),
    ("plugins/proxbox/replications", lambda: {"endpoint": ref(made["plugins/proxbox/endpoints/proxmox"]), "replication_id": "100-0",
                                              "virtual_machine": ref(made["virtualization/virtual-machines"]), "guest": 100, "target": "pve02",
                                              "jobnum": 0, "schedule": "*/15"},
     lambda o: f"virtual_machine_id={o['virtual_machine']['id']}&target=pve02", {"status": "stale"}),
    ("users/users", lambda: {"username": f"smoke-{RUN}"}, lambda o: f"username={o['username']}", {"first_name": "Smoke"}),
    ("users/permissions", lambda: {"name": f"perm-{RUN}", "object_types": ["extras.tag"], "actions": ["view"]},
     lambda o: f"name={o['name']}", {"description": "walked"}),
    ("users/tokens", lambda: {"description": f"tok-{RUN}"}, lambda o: f"id={o['id']}", {"description": "walked"}),
]

for path, body, finder, patch in plan:
    _, created, headers = call("POST", f"/api/{path}/", body(), expect=201)
    assert headers.get("Location", "").endswith(f"/api/{path}/{created['id']}/"), (path, headers.get("Location"))
    made[path] = created
    _, page, _ = call("GET", f"/api/{path}/?{finder(created)}", expect=200)
    assert created["id"] in [o["id"] for o in page["results"]], f"{path}: the filter does not find what was created"
    # PATCHed through the object's own absolute url, as pynetbox does.
    assert created["url"] == f"{URL}/api/{path}/{created['id']}/", (path, created["url"])
    patch = patch() if callable(patch) else patch
    _, patched, _ = call("PATCH", created["url"][len(URL):], patch, expect=200)
    for key, value in patch.items():
        got = patched[key]
        got = got["id"] if isinstance(got, dict) and "id" in got else got["value"] if isinstance(got, dict) and "value" in got else got
        assert got == value, f"{path}: {key} is {got!r} after PATCH {value!r}"

# Settings: one object, patched and read back.
_, settings, _ = call("GET", "/api/plugins/proxbox/settings/", expect=200)
assert settings["count"] == 1
call("PATCH", f"/api/plugins/proxbox/settings/{settings['results'][0]['id']}/", {"bulk_batch_size": 75}, expect=200)
call("POST", "/api/plugins/proxbox/settings/", {}, expect=405)

# Upserts: a second POST of the same natural key answers with the same object.
again = call("POST", "/api/plugins/proxbox/storage/", {"cluster": ref(made["virtualization/clusters"]), "name": "local-lvm", "content": "images"}, expect=201)[1]
assert again["id"] == made["plugins/proxbox/storage"]["id"], "storage upsert made a second row"
task = made["plugins/proxbox/task-history"]
assert call("POST", "/api/plugins/proxbox/task-history/", {**{k: task[k] for k in ("upid", "node", "task_type", "username", "start_time", "description")},
                                                           "virtual_machine": task["virtual_machine"]["id"], "status": "done"}, expect=201)[1]["id"] == task["id"]
call("GET", f"/api/plugins/proxbox/backup-routines/{made['plugins/proxbox/backup-routines']['id']}/retention/", expect=200)
call("GET", "/api/plugins/proxbox/proxmox-clusters/", expect=200)
call("GET", "/api/plugins/proxbox/proxmox-nodes/", expect=200)

# Deletes, in reverse dependency order.
for path, *_ in reversed(plan):
    call("DELETE", f"/api/{path}/{made[path]['id']}/", expect=204)
    call("GET", f"/api/{path}/{made[path]['id']}/", expect=404)

# Roots, status, health, schema, docs.
_, root, headers = call("GET", "/api/", expect=200)
assert headers.get("API-Version") == "4.5"
_, plugin, _ = call("GET", "/api/plugins/proxbox/", expect=200)
for key in ("backup-routines", "backups", "clusters", "nodes", "replications", "settings", "snapshots", "storage", "task-history", "endpoints"):
    assert plugin[key] == f"{URL}/api/plugins/proxbox/{key}/", (key, plugin.get(key))
call("GET", "/api/plugins/proxbox/endpoints/", expect=200)
assert call("GET", "/api/status/", expect=200)[1]["plugins"]["netbox_proxbox"]
call("GET", "/health/live", expect=200)
call("GET", "/health/ready", expect=200)
schema = call("GET", "/api/schema/", expect=200)[1]
assert schema["openapi"].startswith("3.1") and "/api/plugins/proxbox/task-history/" in schema["paths"]
assert call("GET", "/api/schema/?format=yaml", expect=200)[1].lstrip().startswith("openapi:")
assert "swagger" in call("GET", "/api/docs/", expect=200)[1].lower()

# Behind a reverse proxy: links use the public scheme, host and prefix the proxy says, from a trusted address only.
forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "netbox.example.com", "X-Forwarded-Prefix": "/proxbox"}
_, tags, _ = call("GET", "/api/extras/tags/?limit=1&brief=1", headers=forwarded, expect=200)
_, proxied_root, _ = call("GET", "/api/plugins/proxbox/", headers=forwarded, expect=200)
assert proxied_root["clusters"] == "https://netbox.example.com/proxbox/api/plugins/proxbox/clusters/", proxied_root["clusters"]
assert all(t["url"].startswith("https://netbox.example.com/proxbox/api/extras/tags/") for t in tags["results"])
if tags["next"]:
    assert tags["next"].startswith("https://netbox.example.com/proxbox/api/extras/tags/?"), tags["next"]
if UNTRUSTED:
    _, untrusted_root, _ = call("GET", "/api/plugins/proxbox/", headers=forwarded, base=UNTRUSTED, expect=200)
    assert untrusted_root["clusters"].startswith(UNTRUSTED), f"forwarded headers believed from an untrusted address: {untrusted_root['clusters']}"

print(f"walk: {checks} requests answered as expected")
