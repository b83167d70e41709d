#!/usr/bin/env bash
# W6's payloads: REQUESTS JSON arrays of PER_REQUEST new virtual machines for POST /api/virtualization/virtual-machines/
# (OUTDIR/post-NNN.json), and the same rows as CSV for the psql anchor (OUTDIR/rows.csv, columns of
# anchors/vm-bulk.sql's temp table). Names are PREFIX-NNNNNN, so each run can use fresh ones.
# Usage: vm-bulk.sh PREFIX REQUESTS PER_REQUEST OUTDIR
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: $0 PREFIX REQUESTS PER_REQUEST OUTDIR" >&2; exit 2; }
prefix=$1 requests=$2 per=$3 out=$4
mkdir -p "$out"
rm -f "$out"/post-*.json "$out/rows.csv"

awk -v prefix="$prefix" -v requests="$requests" -v per="$per" -v out="$out" 'BEGIN {
    split("active offline planned failed", statuses, " ")
    csv = out "/rows.csv"
    for (r = 1; r <= requests; r++) {
        file = sprintf("%s/post-%03d.json", out, r)
        printf "[" > file
        for (k = 1; k <= per; k++) {
            i = (r - 1) * per + k
            name = sprintf("%s-%06d", prefix, i)
            # Tags by id, as the Proxbox plugin sends them: bench-prod or bench-dev, and every 5th also bench-backup.
            tags = (i % 3 == 0 ? 1 : 2) (i % 5 == 0 ? ",3" : "")
            printf "%s{\"name\":\"%s\",\"status\":\"%s\",\"cluster\":%d,\"vcpus\":%d,\"memory\":%d,\"disk\":%d,\"description\":\"Bulk VM %d\",\"comments\":\"\",\"tags\":[%s]}",
                (k > 1 ? "," : ""), name, statuses[i % 4 + 1], i % 10 + 1, 1 + i % 16, 1024 * (1 + i % 32), 10240 * (1 + i % 8), i, tags > file
            # "" is an empty string in CSV (an unquoted empty field would be NULL).
            printf "%s,%s,%d,%d,%d,%d,Bulk VM %d,\"\",\"{%s}\"\n",
                name, statuses[i % 4 + 1], i % 10 + 1, 1 + i % 16, 1024 * (1 + i % 32), 10240 * (1 + i % 8), i, tags > csv
        }
        printf "]\n" > file
        close(file)
    }
}'
