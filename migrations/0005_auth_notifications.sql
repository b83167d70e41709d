-- Each instance briefly caches authenticated tokens. Any change to who may do what is announced on the
-- `proxbox_auth_changed` channel so every instance forgets its cache at once: statement-level triggers, so a
-- bulk change is one notification. A token's last_used (written at most once a minute) is not such a change.
CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('proxbox_auth_changed', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER users_user_auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users_user
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
CREATE TRIGGER users_token_auth_changed AFTER DELETE OR TRUNCATE ON users_token
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
CREATE TRIGGER users_token_auth_updated AFTER UPDATE OF user_id, version, key, digest, pepper_id, expires, enabled, write_enabled, allowed_ips ON users_token
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
CREATE TRIGGER users_objectpermission_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users_objectpermission
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
CREATE TRIGGER users_objectpermission_users_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users_objectpermission_users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
