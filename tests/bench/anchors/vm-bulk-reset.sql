-- Between W6 runs: remove what the last run created (every bulk payload name starts with "bulk-"), so each run,
-- the service's or the anchor's, inserts into the same table.
\set ON_ERROR_STOP on
DELETE FROM virtualization_virtualmachine WHERE name LIKE 'bulk-%';
VACUUM ANALYZE virtualization_virtualmachine, virtualization_virtualmachine_tags;
