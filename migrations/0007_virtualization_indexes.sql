-- Indexes that 0002 left out for clusters and virtual machines: every documented filter column and every `q`
-- column (ILIKE '%…%' needs a trigram index; on PostgreSQL ≥ 14 a trigram GIN index serves `=` and the
-- __ic/__isw/__iew lookups too). `cluster` / `cluster_id` and the SET NULL on cluster delete are served by the
-- leading column of virtualization_virtualmachine_unique_name_cluster, so the foreign key needs no index of its own.

CREATE INDEX virtualization_cluster_comments_trgm ON virtualization_cluster USING gin (comments gin_trgm_ops);
CREATE INDEX virtualization_cluster_created ON virtualization_cluster (created);
CREATE INDEX virtualization_cluster_last_updated ON virtualization_cluster (last_updated);

CREATE INDEX virtualization_virtualmachine_comments_trgm ON virtualization_virtualmachine USING gin (comments gin_trgm_ops);
CREATE INDEX virtualization_virtualmachine_vcpus ON virtualization_virtualmachine (vcpus);
CREATE INDEX virtualization_virtualmachine_memory ON virtualization_virtualmachine (memory);
CREATE INDEX virtualization_virtualmachine_disk ON virtualization_virtualmachine (disk);
CREATE INDEX virtualization_virtualmachine_created ON virtualization_virtualmachine (created);
CREATE INDEX virtualization_virtualmachine_last_updated ON virtualization_virtualmachine (last_updated);
