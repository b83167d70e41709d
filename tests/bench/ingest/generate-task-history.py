#!/usr/bin/env python3
"""Task-history rows as the sync backend sends them, for the ingest benchmark.

    generate-task-history.py OUT_DIR ROWS VMS SIZE [SIZE ...]

Writes, for each variant (base, changed5, changedall) and each batch SIZE, the rows as JSON arrays of SIZE items
(OUT_DIR/json/<variant>-<size>-<n>.json, for the service) and the same rows as CSV files of SIZE lines
(OUT_DIR/csv/<variant>-<size>-<n>.csv, for psql's \\copy). Virtual machines are ids 1..VMS.

  base        the rows of a first sync
  changed5    base with every 20th row finished differently (status, exitstatus, task_state, end_time): 5 % changed
  changedall  every row differs from both of the above
"""
import csv
import datetime
import json
import os
import sys

TYPES = ["vzdump", "qmstart", "qmstop", "vzmigrate", "qmsnapshot", "qmreboot"]
ACTIONS = {"vzdump": "Backup", "qmstart": "Start", "qmstop": "Stop", "vzmigrate": "Migrate", "qmsnapshot": "Snapshot", "qmreboot": "Reboot"}
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
COLUMNS = ["virtual_machine", "vm_type", "upid", "node", "pid", "pstart", "task_id", "task_type", "username", "start_time",
           "end_time", "description", "status", "task_state", "exitstatus", "custom_fields"]


def row(i: int, vms: int, variant: str) -> dict:
    vm = 1 + i % vms
    vmid = 100 + vm
    lxc = vm % 3 == 0
    task_type = TYPES[i % len(TYPES)]
    node = f"pve-node-{i % 16:02d}"
    pid = 10_000 + i % 4_000_000
    pstart = 1_000_000_000 + i * 37
    start = EPOCH + datetime.timedelta(seconds=30 * i)
    end = start + datetime.timedelta(seconds=60 + i % 900)
    status = exitstatus = "OK"
    state = "stopped"
    if variant == "changed5" and i % 20 == 0:
        status = exitstatus = "job errors"
        end += datetime.timedelta(seconds=1)
    elif variant == "changedall":
        status = exitstatus = f"OK (resync {i % 7})"
        end += datetime.timedelta(seconds=2)
    return {
        "virtual_machine": vm,
        "vm_type": "lxc" if lxc else "qemu",
        "upid": f"UPID:{node}:{pid:08X}:{pstart:08X}:{int(start.timestamp()):08X}:{task_type}:{vmid}:root@pam:",
        "node": node,
        "pid": pid,
        "pstart": pstart,
        "task_id": str(vmid),
        "task_type": task_type,
        "username": "root@pam",
        "start_time": start.isoformat(),
        "end_time": end.isoformat(),
        "description": f"{'CT' if lxc else 'QEMU'} {vmid} - {ACTIONS[task_type]}",
        "status": status,
        "task_state": state,
        "exitstatus": exitstatus,
        "custom_fields": {},
    }


def main() -> None:
    out, rows, vms, sizes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(s) for s in sys.argv[4:]]
    os.makedirs(f"{out}/json", exist_ok=True)
    os.makedirs(f"{out}/csv", exist_ok=True)
    for variant in ("base", "changed5", "changedall"):
        items = [row(i, vms, variant) for i in range(rows)]
        for size in sizes:
            for n, first in enumerate(range(0, rows, size)):
                chunk = items[first:first + size]
                with open(f"{out}/json/{variant}-{size}-{n:04d}.json", "w") as f:
                    json.dump(chunk, f, separators=(",", ":"))
                with open(f"{out}/csv/{variant}-{size}-{n:04d}.csv", "w", newline="") as f:
                    writer = csv.writer(f)
                    for item in chunk:
                        writer.writerow([json.dumps(item[c]) if c == "custom_fields" else item[c] for c in COLUMNS])


if __name__ == "__main__":
    main()
