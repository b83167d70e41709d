"""Drives a running Proxbox.Api with the real pynetbox client, as the sync backend and scripts do.

Usage: pynetbox_smoke.py URL TOKEN   (run.sh starts a throwaway service and calls this)
"""
import sys

import pynetbox

url, token = sys.argv[1], sys.argv[2]
nb = pynetbox.api(url, token=token)

assert nb.version == "4.5", nb.version  # probed without a token
assert nb.status()["plugins"]["netbox_proxbox"] == "0.0.11"

tag = nb.extras.tags.create(name="smoke", slug="smoke", color="ff0000")
cluster = nb.virtualization.clusters.create(name="pve-cluster")
vms = nb.virtualization.virtual_machines.create(
    [{"name": f"vm{i}", "cluster": cluster.id, "tags": [tag.id]} for i in range(1200)])
assert len(vms) == 1200
assert nb.virtualization.virtual_machines.count(cluster_id=cluster.id) == 1200

# limit=0 gives 1000, then pynetbox builds the second request itself and follows `next` after that.
listed = list(nb.virtualization.virtual_machines.filter(cluster_id=cluster.id))
assert len({v.id for v in listed}) == 1200
threaded = pynetbox.api(url, token=token, threading=True)
assert len(list(threaded.virtualization.virtual_machines.filter(cluster_id=cluster.id))) == 1200

vm = nb.virtualization.virtual_machines.get(name="vm5")
assert str(vm.status) == "Active" and vm.cluster.name == "pve-cluster" and [str(t) for t in vm.tags] == ["smoke"]
vm.status = "offline"
vm.memory = 2048
vm.custom_fields = {"owner": "ops"}
assert vm.save()
again = nb.virtualization.virtual_machines.get(vm.id)
assert again.status.value == "offline" and again.memory == 2048 and again.custom_fields == {"owner": "ops"}
assert again.cluster.description == ""  # lazy-loads the nested cluster through its absolute url
assert [c["value"] for c in nb.virtualization.virtual_machines.choices()["status"]][:2] == ["offline", "active"]
assert nb.virtualization.virtual_machines.get(999999) is None

assert len(nb.virtualization.virtual_machines.update([{"id": v.id, "disk": 10} for v in listed[:3]])) == 3
assert nb.virtualization.virtual_machines.delete(listed[:10])
assert again.delete()
assert nb.virtualization.virtual_machines.count(cluster_id=cluster.id) == 1189

try:
    nb.extras.tags.create(name="smoke", slug="smoke2")
    raise AssertionError("a duplicate name must be refused")
except pynetbox.RequestError as error:
    assert error.req.status_code == 400, error.req.status_code

settings = list(nb.plugins.proxbox.settings.all())
assert len(settings) == 1 and str(settings[0]) == "Proxbox plugin settings"
wanted = settings[0].bulk_batch_size + 1  # pynetbox saves only what differs from what it read
settings[0].bulk_batch_size = wanted
assert settings[0].save() and nb.plugins.proxbox.settings.get(settings[0].id).bulk_batch_size == wanted

# The plugin's own inventory, as the sync backend and scripts use it.
proxbox = nb.plugins.proxbox
# pynetbox reaches a nested path such as endpoints/proxmox/ through an Endpoint built by hand.
endpoint = pynetbox.core.endpoint.Endpoint(nb, proxbox, "endpoints/proxmox").create(name="pve", domain="pve.example.com")
pve = proxbox.clusters.create(endpoint=endpoint.id, name="pve-cluster", mode="cluster")
assert pve.endpoint.id == endpoint.id and str(pve.mode) == "Cluster"
for i in range(3):
    proxbox.nodes.create(endpoint=endpoint.id, proxmox_cluster=pve.id, name=f"pve{i:02}", ip_address=f"10.0.0.{10 + i}", online=i != 2)
assert len(list(proxbox.nodes.filter(endpoint_id=endpoint.id))) == 3
assert len(list(proxbox.nodes.filter(endpoint_id=endpoint.id, online=True))) == 2
first = proxbox.storage.create(cluster=cluster.id, name="local-lvm", storage_type="lvmthin")
second = proxbox.storage.create(cluster=cluster.id, name="local-lvm", content="images,rootdir")
assert first.id == second.id and proxbox.storage.get(first.id).content == "images,rootdir"

# Backups of one VM, more than a page: counted, and iterated past 1,000 through `next`.
vm = nb.virtualization.virtual_machines.get(name="vm7")
proxbox.backups.create([{"virtual_machine": vm.id, "proxmox_storage": first.id, "storage": "local-lvm", "vmid": 107, "format": "pbs-vm",
                         "volume_id": f"vm/107/{i}", "creation_time": f"2026-0{1 + i % 9}-{1 + i % 28:02}T02:00:00Z"} for i in range(1100)])
assert proxbox.backups.count(virtual_machine_id=vm.id) == 1100
assert len({b.id for b in proxbox.backups.filter(virtual_machine_id=vm.id)}) == 1100
assert proxbox.backups.count(format="pbs-vm") >= 1100

# Task history, pushed in bulk as the backend does, then re-sent: the same ids, nothing new.
tasks = [{"virtual_machine": vm.id, "upid": f"UPID:pve01:{i:08X}:vzdump:107:root@pam:", "node": "pve01", "task_type": "vzdump",
          "username": "root@pam", "start_time": "2026-04-01T02:00:00+00:00", "description": "VM 107 backup", "status": "OK"} for i in range(2000)]
created = proxbox.task_history.create(tasks)
again = proxbox.task_history.create(tasks)
assert sorted(t.id for t in created) == sorted(t.id for t in again)
assert proxbox.task_history.count(virtual_machine_id=vm.id) == 2000

routine = proxbox.backup_routines.create(endpoint=endpoint.id, job_id="job-1", schedule="0 2 * * *", storage=first.id, keep_daily=7)
assert routine.next_run is not None

print("pynetbox smoke: all checks passed")
