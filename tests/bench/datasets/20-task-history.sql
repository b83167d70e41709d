-- Task history for the benchmark: :task_history Proxmox tasks spread over the virtual machines of
-- 10-virtual-machines.sql (1,000,000 in a full run, 20,000 in --quick; the performance guide sizes this resource at a
-- million rows, the volume it reaches in the field).
-- run.sh runs it as: psql -v vms=20000 -v quick=0 -v task_history=1000000 -f 20-task-history.sql
--
-- Deterministic (no random()): the "random" spread comes from multiplicative hashes of the row number, so the same
-- sizes give the same rows and runs stay comparable. Task i has id i. Its start time grows with i (about 31 s apart
-- in a full run, so a year in all, plus up to 28 s of jitter that never reorders two tasks), so the newest tasks
-- have the highest ids, as they do when a sync appends them; the default ordering (newest first) reads the ids backwards.
--
-- Mix, chosen to look like a Proxmox cluster's log:
--   task_type   50 % vzdump, 15 % start, 15 % stop, 12 % snapshot, 8 % migrate (containers get the vz* names)
--   status      about 93 % OK; the rest error texts (one in five of them longer than 255 characters, which only the
--               hash indexes of 0012 can hold) and 0.5 % still running (task_state running, no end_time, no exitstatus)
--   node        pve-node-01 … pve-node-05, by the VM (a VM mostly stays on its node), one task in 16 elsewhere
--   username    root@pam for backups and most others, a few admin@pve and sync@pve
--   tags        every 100th task carries the benchmark's "backup" tag, so some rows write a non-empty tags list
\set ON_ERROR_STOP on
BEGIN;
-- A million rows inserted into ~25 live indexes (ten of them trigram GIN) take far longer than building those indexes
-- once afterwards: the table's plain indexes are dropped here and re-created, exactly as the migrations made them,
-- after the insert. Constraint indexes (the key, the UPID) stay.
SET LOCAL maintenance_work_mem = '512MB';
CREATE TEMP TABLE task_history_indexes ON COMMIT DROP AS
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.tablename = 'netbox_proxbox_vmtaskhistory'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.conrelid = 'netbox_proxbox_vmtaskhistory'::regclass);
DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT indexname FROM task_history_indexes LOOP EXECUTE format('DROP INDEX %I', r.indexname); END LOOP;
END $$;

INSERT INTO netbox_proxbox_vmtaskhistory
    (id, virtual_machine_id, vm_type, upid, node, pid, pstart, task_id, task_type, username, start_time, end_time,
     description, status, task_state, exitstatus, custom_field_data, created, last_updated)
SELECT t.i, t.vm, t.vm_type,
       -- Proxmox's UPID: node, pid, pstart and start time in 8 hex digits, type, VMID, user. The start time is unique
       -- per task (see above), so the UPID is too.
       format('UPID:%s:%s:%s:%s:%s:%s:%s:', t.node, upper(lpad(to_hex(t.pid), 8, '0')), upper(lpad(to_hex(t.pstart), 8, '0')),
              upper(lpad(to_hex(extract(epoch FROM t.start_time)::bigint), 8, '0')), t.task_type, t.vmid, t.username),
       t.node, t.pid, t.pstart, t.vmid::text, t.task_type, t.username, t.start_time,
       CASE WHEN t.running THEN NULL ELSE t.start_time + t.duration END,
       format('%s %s - %s', CASE WHEN t.lxc THEN 'CT' ELSE 'VM' END, t.vmid, t.action),
       t.status,
       CASE WHEN t.running THEN 'running' ELSE 'stopped' END,
       CASE WHEN t.running THEN NULL ELSE t.status END,
       '{}',
       -- created has whole seconds and last_updated usually a fraction, so both of DRF's datetime forms are on every page.
       t.start_time + t.duration + interval '30 seconds',
       t.start_time + t.duration + interval '30 seconds' + (t.h2 % 1000000) * interval '1 microsecond'
FROM (
    SELECT s.*,
           format('pve-node-%s', lpad((1 + (s.vm + CASE WHEN s.h2 % 16 = 0 THEN 1 + s.h1 % 4 ELSE 0 END) % 5)::text, 2, '0')) AS node,
           (ARRAY['Backup', 'Start', 'Stop', 'Snapshot', 'Migrate'])[s.kind] AS action,
           (CASE WHEN s.lxc THEN ARRAY['vzdump', 'vzstart', 'vzshutdown', 'vzsnapshot', 'vzmigrate']
                 ELSE ARRAY['vzdump', 'qmstart', 'qmstop', 'qmsnapshot', 'qmigrate'] END)[s.kind] AS task_type,
           CASE WHEN s.kind = 1 OR s.h1 % 10 < 8 THEN 'root@pam' WHEN s.h1 % 10 = 8 THEN 'admin@pve' ELSE 'sync@pve' END AS username,
           -- A backup takes minutes to an hour, anything else seconds to a few minutes.
           CASE WHEN s.kind = 1 THEN 60 + s.h2 % 3600 ELSE 1 + s.h2 % 240 END * interval '1 second' AS duration,
           CASE
               WHEN s.running THEN 'running'
               WHEN s.h3 % 1000 < 930 THEN 'OK'
               WHEN s.h3 % 1000 < 950 THEN 'job errors'
               WHEN s.h3 % 1000 < 965 THEN format('command ''%s %s'' failed: exit code 255', CASE WHEN s.lxc THEN 'pct' ELSE 'qm' END, s.vmid)
               WHEN s.h3 % 1000 < 975 THEN 'unexpected status'
               WHEN s.h3 % 1000 < 986 THEN format('VM %s qmp command ''guest-fsfreeze-freeze'' failed - got timeout', s.vmid)
               ELSE format('ERROR: Backup of VM %s failed - vma_queue_write: write error - Broken pipe; INFO: %s', s.vmid,
                           repeat('backup write data failed: command error: write_data upload error: pipelined request failed: inactive stream. ', 3))
           END AS status
    FROM (
        SELECT g.i,
               1 + g.i % :vms AS vm,
               100 + g.i % :vms AS vmid,
               (1 + g.i % :vms) % 3 = 0 AS lxc,
               CASE WHEN (1 + g.i % :vms) % 3 = 0 THEN 'lxc' ELSE 'qemu' END AS vm_type,
               -- Three independent-looking streams (MINSTD multipliers), so type, status and timing do not line up.
               h.h1, h.h2, h.h3,
               CASE WHEN h.h1 % 100 < 50 THEN 1 WHEN h.h1 % 100 < 65 THEN 2 WHEN h.h1 % 100 < 80 THEN 3 WHEN h.h1 % 100 < 92 THEN 4 ELSE 5 END AS kind,
               h.h3 % 200 = 199 AS running,
               1000 + h.h2 % 4000000 AS pid,
               100000000 + g.i * 13 AS pstart,
               timestamptz '2025-06-01 00:00:00+00'
                   + (g.i * (31536000 / :task_history) + h.h1 % least(29, 31536000 / :task_history)) * interval '1 second' AS start_time
        FROM generate_series(1, :task_history) AS g(i)
        CROSS JOIN LATERAL (SELECT g.i::bigint * 48271 % 2147483647 AS h1, g.i::bigint * 16807 % 2147483647 AS h2,
                                   g.i::bigint * 69621 % 2147483647 AS h3) AS h
    ) AS s
) AS t;

DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT indexdef FROM task_history_indexes LOOP EXECUTE r.indexdef; END LOOP;
END $$;

INSERT INTO netbox_proxbox_vmtaskhistory_tags (object_id, tag_id)
SELECT i, 3 FROM generate_series(100, :task_history, 100) AS i;

-- The identity continues after the generated ids, so the service's own inserts do not collide.
SELECT setval(pg_get_serial_sequence('netbox_proxbox_vmtaskhistory', 'id'), :task_history);

-- row_counts is kept by the table's statement triggers (migration 0011), so the unfiltered list's count is right
-- without touching it here; stop the run if that ever stops being so, since the count would then be a lie.
SELECT (SELECT rows FROM row_counts WHERE table_name = 'netbox_proxbox_vmtaskhistory') = :task_history AS row_counts_ok \gset
\if :row_counts_ok
\else
  DO $$ BEGIN RAISE EXCEPTION 'row_counts does not hold the task-history rows just inserted'; END $$;
\endif

COMMIT;
ANALYZE netbox_proxbox_vmtaskhistory, netbox_proxbox_vmtaskhistory_tags;
