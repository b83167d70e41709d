-- A trigram index keeps the entries of rows written since its last merge in an unsorted pending list, and every
-- search reads that list whole. At PostgreSQL's default of 4 MB per index, a whole-UPID q right after a bulk write
-- spent ~95 ms there (2,800 pending pages over the ten task-history trigram indexes, 110,000 rows) against ~10 ms
-- once merged; capped at 1 MB it took ~30 ms, for ~15 % more time on writes that change every indexed text. A
-- trigram index added by a later migration sets the same limit in its CREATE INDEX.
DO $$
DECLARE
    name text;
BEGIN
    FOR name IN
        SELECT i.indexname FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.indexdef LIKE '%gin_trgm_ops%'
    LOOP
        EXECUTE format('ALTER INDEX %I SET (gin_pending_list_limit = 1024)', name);
    END LOOP;
END
$$;
