# The benchmark's workloads, one entry each (sourced by run.sh; ids from shared/guides/performance.md).
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
#   startup_workload ID "LABEL"          W10: process start → first 200 on /health/ready, and RSS
#
# What the floor runs for a path is the service's own SQL, pasted into the floor per resource (see
# tests/bench/Floor/VirtualMachines.cs); a new query shape needs its SQL there too. Variables available here:
# VMS (virtual machines generated), QUICK (1 in --quick).

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
startup_workload W10 "start-up against migrated DB"
