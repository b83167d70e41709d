-- Exact row counts of the resource tables, kept by statement-level triggers, so an unfiltered list's `count` is one
-- row read instead of a scan of the whole table (NetBox's envelope always carries an exact count, and clients page by
-- it). A reader sees the count of its own snapshot, like the rows themselves. Each writing statement adds its delta
-- once, from its transition table, so a bulk write of thousands of rows costs one counter update.
CREATE TABLE row_counts (
    table_name text   PRIMARY KEY,
    rows       bigint NOT NULL CHECK (rows >= 0)
);

CREATE FUNCTION row_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE row_counts SET rows = rows + (SELECT count(*) FROM changed_rows) WHERE table_name = TG_TABLE_NAME;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE row_counts SET rows = rows - (SELECT count(*) FROM changed_rows) WHERE table_name = TG_TABLE_NAME;
    ELSE
        UPDATE row_counts SET rows = 0 WHERE table_name = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END
$$;

-- Starts counting a table: its current count, and the triggers that keep it.
CREATE FUNCTION count_rows_of(owner text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO row_counts (table_name, rows) SELECT %L, count(*) FROM %I', owner, owner);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_apply()',
                   owner || '_count_insert', owner);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_apply()',
                   owner || '_count_delete', owner);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION row_counts_apply()',
                   owner || '_count_truncate', owner);
END
$$;

SELECT count_rows_of(t) FROM unnest(ARRAY[
    'extras_tag', 'virtualization_cluster', 'virtualization_virtualmachine', 'dcim_device', 'ipam_ipaddress',
    'users_user', 'users_token', 'users_objectpermission',
    'netbox_proxbox_proxmoxendpoint', 'netbox_proxbox_netboxendpoint', 'netbox_proxbox_fastapiendpoint', 'netbox_proxbox_proxboxpluginsettings',
    'netbox_proxbox_proxmoxcluster', 'netbox_proxbox_proxmoxnode', 'netbox_proxbox_proxmoxstorage',
    'netbox_proxbox_vmbackup', 'netbox_proxbox_vmsnapshot', 'netbox_proxbox_vmtaskhistory',
    'netbox_proxbox_backuproutine', 'netbox_proxbox_replication'
]) AS t;
