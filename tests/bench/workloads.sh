# The benchmark's workloads, one entry each (sourced by run.sh). W ids are the VM workloads, T ids the task-history ones.
#
#   http_workload ID CONNS "LABEL" SERVICE_PATH ANCHOR [ID_RANGE]
#     SERVICE_PATH  what wrk requests from the service (with the bootstrap token); "{id}" becomes a random integer in
#                   ID_RANGE ("min:max") on every request.
#     ANCHOR        floor         the same path on the floor app (tests/bench/Floor), list without count
#                   floor+count   the same path on the floor app, which then also runs the service's count SQL
#                   service:PATH  another request to the service (W5 compares deep pages with W2's first page)
#   bulk_workload ID "LABEL" PATH SET    W6: POST JSON arrays to PATH vs psql \copy + INSERT … SELECT, where SET names
#                                        datasets/SET.sh (payloads: PREFIX REQUESTS PER_REQUEST DIR → post-NNN.json,
#                                        rows.csv; PREFIX starts with "bulk-"), anchors/SET.sql (psql, CSV on stdin),
#                                        anchors/SET-reset.sql (removes the bulk- rows), anchors/SET-count.sql (counts them)
#   ingest_reader_workload ID "LABEL" PATH SET
#                                        W8: a reader (wrk, 1 connection) on PATH alone, then while SET's bulk payloads
#                                        are POSTed one after the other; p99 during / p99 alone
#   startup_workload ID "LABEL"          W10: process start → first 200 on /health/ready, and RSS
#
# What the floor runs for a path is the service's own SQL, pasted into the floor per resource (see
# tests/bench/Floor/VirtualMachines.cs, TaskHistory.cs); a new query shape needs its SQL there too. Variables
# available here: VMS (virtual machines generated), TASKS (task-history rows generated), QUICK (1 in --quick).
#
# W1–W6 run against virtual machines; T1–T5 are the same shapes against task history, the volume resource (a
# million rows in a full run), with ids of their own so --only can pick either set.

vm=/api/virtualization/virtual-machines

http_workload W1 1 "GET virtual machine by id"       "$vm/{id}/"                         floor        "1:$VMS"
http_workload W1 8 "GET virtual machine by id"       "$vm/{id}/"                         floor        "1:$VMS"
http_workload W2 1 "list limit=50, count"            "$vm/?limit=50"                     floor
http_workload W2 8 "list limit=50, count"            "$vm/?limit=50"                     floor
http_workload W3 1 "list cluster_id=3&status=active" "$vm/?cluster_id=3&status=active"   floor+count
http_workload W4 1 "q selective (1 match)"           "$vm/?q=vm-001234"                  floor+count
http_workload W4 1 "q no match"                      "$vm/?q=zz-no-such-vm"              floor+count
http_workload W5 1 "deep offset (last page)"         "$vm/?limit=50&offset=$((VMS - 50))" "service:$vm/?limit=50"
http_workload W5 1 "start= cursor page"              "$vm/?limit=50&start={id}"          "service:$vm/?limit=50" "1:$((VMS - 50))"
bulk_workload W6 "bulk create, 1,000 VMs per POST" "$vm/" vm-bulk

th=/api/plugins/proxbox/task-history
# T4's selective q is one task's whole UPID, read from the generated data so it matches exactly one row whatever the
# size of the run (the UPID's hex start time is unique per task).
th_upid=$(psql_as postgres -tA -c "SELECT upid FROM netbox_proxbox_vmtaskhistory WHERE id = $((TASKS / 4))")
[[ -n $th_upid ]] || die "workloads.sh: no task-history row $((TASKS / 4)) (did datasets/20-task-history.sql run?)"

http_workload T1 1 "GET task history by id"          "$th/{id}/"                          floor        "1:$TASKS"
http_workload T1 8 "GET task history by id"          "$th/{id}/"                          floor        "1:$TASKS"
http_workload T2 1 "task history limit=50, count"    "$th/?limit=50"                      floor
http_workload T2 8 "task history limit=50, count"    "$th/?limit=50"                      floor
http_workload T3 1 "task history task_type=vzdump&status=OK" "$th/?task_type=vzdump&status=OK" floor+count
# The performance guide's filtered lists: one VM's tasks, failed backups (a negated lookup), the last month.
http_workload T3 1 "task history virtual_machine_id=$((VMS / 2))" "$th/?virtual_machine_id=$((VMS / 2))" floor+count
http_workload T3 1 "task history task_type=vzdump&status__n=OK" "$th/?task_type=vzdump&status__n=OK" floor+count
http_workload T3 1 "task history start_time__gte=2026-05-01" "$th/?start_time__gte=2026-05-01T00:00:00Z" floor+count
http_workload T4 1 "task history q selective (1 UPID)" "$th/?q=$th_upid"                  floor+count
http_workload T4 1 "task history q no match"         "$th/?q=zz-no-such-task"             floor+count
http_workload T4 1 "task history q unselective (vzdump, half the rows)" "$th/?q=vzdump"   floor+count
http_workload T5 1 "task history deep offset (last page)" "$th/?limit=50&offset=$((TASKS - 50))" "service:$th/?limit=50"
http_workload T5 1 "task history start= cursor page" "$th/?limit=50&start={id}"           "service:$th/?limit=50" "1:$((TASKS - 50))"

ingest_reader_workload W8 "task history limit=50 (T2) read while VMs are bulk-created" "$th/?limit=50" vm-bulk

startup_workload W10 "start-up against migrated DB"
