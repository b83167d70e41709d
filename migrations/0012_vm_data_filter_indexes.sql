-- Indexes for the VM data filters that had none, and the task-history texts that can be long.

CREATE INDEX netbox_proxbox_vmbackup_size ON netbox_proxbox_vmbackup (size);
CREATE INDEX netbox_proxbox_vmbackup_used ON netbox_proxbox_vmbackup (used);
CREATE INDEX netbox_proxbox_vmbackup_encrypted ON netbox_proxbox_vmbackup (encrypted);
CREATE INDEX netbox_proxbox_vmsnapshot_subtype ON netbox_proxbox_vmsnapshot (subtype);

CREATE INDEX netbox_proxbox_vmtaskhistory_vm_type ON netbox_proxbox_vmtaskhistory (vm_type);
CREATE INDEX netbox_proxbox_vmtaskhistory_pid ON netbox_proxbox_vmtaskhistory (pid);
CREATE INDEX netbox_proxbox_vmtaskhistory_pstart ON netbox_proxbox_vmtaskhistory (pstart);

-- status, exitstatus and description are unbounded: a B-tree entry cannot hold a long error text (the insert
-- fails), and equality needs no ordering, so they are hashed.
DROP INDEX netbox_proxbox_vmtaskhistory_status;
CREATE INDEX netbox_proxbox_vmtaskhistory_status ON netbox_proxbox_vmtaskhistory USING hash (status);
CREATE INDEX netbox_proxbox_vmtaskhistory_exitstatus ON netbox_proxbox_vmtaskhistory USING hash (exitstatus);
CREATE INDEX netbox_proxbox_vmtaskhistory_description ON netbox_proxbox_vmtaskhistory USING hash (description);

-- q and the contains lookups over every searchable text.
CREATE INDEX netbox_proxbox_vmtaskhistory_vm_type_trgm ON netbox_proxbox_vmtaskhistory USING gin (vm_type gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_upid_trgm ON netbox_proxbox_vmtaskhistory USING gin (upid gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_node_trgm ON netbox_proxbox_vmtaskhistory USING gin (node gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_task_id_trgm ON netbox_proxbox_vmtaskhistory USING gin (task_id gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_task_type_trgm ON netbox_proxbox_vmtaskhistory USING gin (task_type gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_username_trgm ON netbox_proxbox_vmtaskhistory USING gin (username gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_description_trgm ON netbox_proxbox_vmtaskhistory USING gin (description gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_status_trgm ON netbox_proxbox_vmtaskhistory USING gin (status gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_task_state_trgm ON netbox_proxbox_vmtaskhistory USING gin (task_state gin_trgm_ops);
CREATE INDEX netbox_proxbox_vmtaskhistory_exitstatus_trgm ON netbox_proxbox_vmtaskhistory USING gin (exitstatus gin_trgm_ops);
