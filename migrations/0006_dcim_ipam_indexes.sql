-- Indexes that 0002 left out for devices and IP addresses: every documented filter column and every `q` column
-- (ILIKE '%…%' needs a trigram index; on PostgreSQL ≥ 14 a trigram GIN index serves `=` and the __ic/__isw/__iew
-- lookups too, so text columns need no separate btree). `q` on IP addresses searches text(address), the address
-- with its prefix length, so the index is built on exactly that expression.

CREATE INDEX dcim_device_serial_trgm ON dcim_device USING gin (serial gin_trgm_ops);
CREATE INDEX dcim_device_description_trgm ON dcim_device USING gin (description gin_trgm_ops);
CREATE INDEX dcim_device_comments_trgm ON dcim_device USING gin (comments gin_trgm_ops);
CREATE INDEX dcim_device_created ON dcim_device (created);
CREATE INDEX dcim_device_last_updated ON dcim_device (last_updated);

CREATE INDEX ipam_ipaddress_address_text_trgm ON ipam_ipaddress USING gin (text(address) gin_trgm_ops);
CREATE INDEX ipam_ipaddress_family ON ipam_ipaddress (family(address));
CREATE INDEX ipam_ipaddress_description_trgm ON ipam_ipaddress USING gin (description gin_trgm_ops);
CREATE INDEX ipam_ipaddress_created ON ipam_ipaddress (created);
CREATE INDEX ipam_ipaddress_last_updated ON ipam_ipaddress (last_updated);
