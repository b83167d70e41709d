-- Virtual machine dataset for the benchmark: 5 tags, 10 clusters, :vms virtual machines with a few tags each.
-- run.sh runs it as: psql -v vms=20000 -v quick=0 -f 10-virtual-machines.sql
-- Deterministic (no random()): the same :vms gives the same rows, so runs are comparable. VM i is named
-- vm-NNNNNN (i zero-padded to 6 digits) and has id i; its cluster is bench-cluster-((i % 10) + 1).
\set ON_ERROR_STOP on
BEGIN;

INSERT INTO extras_tag (id, name, slug, color)
SELECT t, 'bench-' || name, 'bench-' || name, color
FROM unnest(ARRAY['prod', 'dev', 'backup', 'gpu', 'web'], ARRAY['4caf50', '2196f3', 'ff9800', '9c27b0', '607d8b'])
     WITH ORDINALITY AS x(name, color, t);

INSERT INTO virtualization_cluster (id, name, description, custom_field_data, created, last_updated)
SELECT c, format('bench-cluster-%s', lpad(c::text, 2, '0')), format('Benchmark cluster %s', c), '{}',
       timestamptz '2026-01-01 00:00:00+00', timestamptz '2026-01-01 00:00:00+00'
FROM generate_series(1, 10) AS c;

-- Status mix: 70 % active, 15 % offline, 10 % planned, 5 % failed. created has whole seconds and last_updated
-- a fraction, so both of DRF's datetime forms are on every page.
INSERT INTO virtualization_virtualmachine
    (id, name, status, cluster_id, vcpus, memory, disk, description, comments, custom_field_data, created, last_updated)
SELECT i,
       format('vm-%s', lpad(i::text, 6, '0')),
       CASE WHEN i % 20 < 14 THEN 'active' WHEN i % 20 < 17 THEN 'offline' WHEN i % 20 < 19 THEN 'planned' ELSE 'failed' END,
       i % 10 + 1,
       (1 + i % 16)::numeric / CASE WHEN i % 4 = 0 THEN 2 ELSE 1 END,
       1024 * (1 + i % 32),
       10240 * (1 + i % 8),
       format('Benchmark VM %s on cluster %s', i, i % 10 + 1),
       CASE WHEN i % 10 = 0 THEN format('Owned by team %s; migrated from host pve-%s.', i % 7, i % 16) ELSE '' END,
       jsonb_build_object('owner', format('team-%s', i % 7), 'backup', i % 3 = 0),
       timestamptz '2025-01-01 00:00:00+00' + i * interval '37 seconds',
       timestamptz '2025-06-01 00:00:00+00' + i * interval '41.123456 seconds'
FROM generate_series(1, :vms) AS i;

-- Tags: every 3rd VM prod (else dev), every 5th backup, every 7th gpu.
INSERT INTO virtualization_virtualmachine_tags (object_id, tag_id)
SELECT i, CASE WHEN i % 3 = 0 THEN 1 ELSE 2 END FROM generate_series(1, :vms) AS i
UNION ALL SELECT i, 3 FROM generate_series(5, :vms, 5) AS i
UNION ALL SELECT i, 4 FROM generate_series(7, :vms, 7) AS i;

-- Identities continue after the generated ids, so the service's own inserts (W6) do not collide.
SELECT setval(pg_get_serial_sequence('extras_tag', 'id'), (SELECT max(id) FROM extras_tag));
SELECT setval(pg_get_serial_sequence('virtualization_cluster', 'id'), 10);
SELECT setval(pg_get_serial_sequence('virtualization_virtualmachine', 'id'), :vms);

COMMIT;
ANALYZE extras_tag, virtualization_cluster, virtualization_virtualmachine, virtualization_virtualmachine_tags;
