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
settings[0].bulk_batch_size = 75
assert settings[0].save() and nb.plugins.proxbox.settings.get(settings[0].id).bulk_batch_size == 75

print("pynetbox smoke: all checks passed")
