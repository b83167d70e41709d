-- W6's anchor: PostgreSQL storing the same rows the service is sent, with nothing in between. The CSV from
-- datasets/vm-bulk.sh arrives on standard input (psql -f vm-bulk.sql < rows.csv), goes into a temp table with \copy,
-- and is inserted in one transaction, skipping names the cluster already has, with the tag assignments.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE bulk_vm (
    name text, status text, cluster_id bigint, vcpus numeric(6, 2), memory integer, disk integer,
    description text, comments text, tag_ids bigint[]
) ON COMMIT DROP;
\copy bulk_vm FROM pstdin WITH (FORMAT csv)
WITH inserted AS (
    INSERT INTO virtualization_virtualmachine (name, status, cluster_id, vcpus, memory, disk, description, comments)
    SELECT name, status, cluster_id, vcpus, memory, disk, description, comments FROM bulk_vm
    ON CONFLICT (cluster_id, lower(name)) DO NOTHING
    RETURNING id, cluster_id, name
)
INSERT INTO virtualization_virtualmachine_tags (object_id, tag_id)
SELECT i.id, t.tag_id FROM inserted i JOIN bulk_vm b USING (cluster_id, name) CROSS JOIN LATERAL unnest(b.tag_ids) AS t (tag_id);
COMMIT;
