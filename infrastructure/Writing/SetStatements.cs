namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// The statements that write every item of a request at once, generated from a resource's fields when the service
/// starts. Each takes one array parameter per column, named after it, holding every item's value in item order:
/// <c>unnest(@name::text[], …)</c> turns them back into rows.
/// </summary>
public sealed class SetStatements
{
    public SetStatements(string table, WriteModel model)
    {
        var fields = model.ColumnFields.ToList();
        var key = model.Upserts ? model.UpsertKey.Select(name => model.Field(name).Column).ToList() : [];
        var text = new ColumnText(fields, key);
        var (columns, arrays) = (text.Columns, text.Arrays);
        var values = string.Join(", ", fields.Select(f => f.ValueSql("v." + f.Column)));

        Insert = $"""
            INSERT INTO {table} ({columns})
            SELECT {values}
            FROM unnest({arrays}) WITH ORDINALITY AS v({columns}, n)
            ORDER BY v.n
            RETURNING id
            """;

        Update = $"""
            UPDATE {table} AS t
            SET {string.Join(", ", fields.Select(f => $"{f.Column} = {f.ValueSql("v." + f.Column)}"))}, last_updated = now()
            FROM unnest(@id::bigint[], {arrays}) AS v(id, {columns})
            WHERE t.id = v.id
            """;

        if (model.Upserts)
        {
            Upsert = UpsertStatement(table, fields, text);
            UpsertComplete = CompleteUpsertStatement(table, fields, text);
        }
    }

    /// <summary>Inserts the items in order; returns their ids in the same order.</summary>
    public string Insert { get; }

    /// <summary>Updates the rows named by <c>@id</c>.</summary>
    public string Update { get; }

    /// <summary>Inserts or updates by the natural key; null when the resource has none. See <see cref="UpsertStatement"/>.</summary>
    public string? Upsert { get; }

    /// <summary>
    /// <see cref="Upsert"/> for a request whose items each carry every column and whose keys are all different (what a
    /// sync sends): nothing to merge and nothing to drop, so it skips both steps. See <see cref="CompleteUpsertStatement"/>.
    /// </summary>
    public string? UpsertComplete { get; }

    /// <summary>
    /// One statement, race-free under concurrent clients: <c>INSERT … ON CONFLICT (key) DO UPDATE</c>.
    /// <list type="bullet">
    /// <item>Items with the same key behave as if sent one after the other: the later one wins (earlier ones are dropped
    /// before the insert, which may touch a row only once).</item>
    /// <item>An existing row takes the fields the item carried (bit <c>i</c> of <c>@provided</c> for field <c>i</c>) and
    /// keeps the rest, as an update of the supplied fields does.</item>
    /// <item>A row whose values would not change is not rewritten (<c>IS DISTINCT FROM</c>): its <c>last_updated</c>
    /// stays, and a re-sent unchanged sync writes nothing.</item>
    /// <item>Rows are inserted in key order (<see cref="ColumnText.InLockOrder"/>), so two requests over the same keys lock
    /// them in the same order and cannot deadlock.</item>
    /// <item>Each key is looked up once: the row found for the merge also answers for an item that changed nothing.</item>
    /// </list>
    /// Returns the rows it wrote (with whether each was inserted, <c>xmax = 0</c>) and every row the keys found before it
    /// ran; a key can be in both (same id). Subtracting the written rows from the found ones in SQL would need an anti
    /// join over the statement's own output, which the planner estimates from the arrays' unknown length: a generic
    /// plan then loops over the written rows once per found row, quadratic in the items (seconds at ten thousand).
    /// </summary>
    private static string UpsertStatement(string table, List<WriteField> fields, ColumnText text)
    {
        var (columns, arrays, set, differs) = (text.Columns, text.Arrays, text.Set, text.Differs);
        var merged = string.Join(", ", fields.Select((f, i) =>
            $"CASE WHEN e.id IS NULL OR (i.provided & {1L << i}) <> 0 THEN {f.ValueSql("i." + f.Column)} ELSE e.{f.Column} END AS {f.Column}"));

        return $"""
            WITH input AS (
                SELECT DISTINCT ON ({text.KeyOf("v")}) v.*
                FROM unnest({arrays}, @provided::bigint[]) WITH ORDINALITY AS v({columns}, provided, n)
                ORDER BY {text.KeyOf("v")}, v.n DESC
            ),
            merged AS (
                SELECT e.id AS existing_id, {merged}
                FROM input i LEFT JOIN {table} e ON {text.SameKey("e", "i")}
            ),
            written AS (
                INSERT INTO {table} AS t ({columns})
                SELECT {columns} FROM merged m
                ORDER BY {text.InLockOrder("m")}
                ON CONFLICT ({text.KeyOf("")}) DO UPDATE SET {set}, last_updated = now()
                WHERE {differs}
                RETURNING t.id, {text.KeyOf("t")}, (t.xmax = 0) AS inserted
            )
            SELECT w.id, {text.KeyOf("w")}, w.inserted, true AS written, NULL::bigint AS position FROM written w
            UNION ALL
            SELECT m.existing_id, {text.KeyOf("m")}, false, false, NULL FROM merged m WHERE m.existing_id IS NOT NULL
            """;
    }

    /// <summary>
    /// The upsert of complete items with distinct keys. Each key is looked up once, before anything is written: a row
    /// that already holds the item's values is answered by its id and not touched; the other items go through
    /// <c>INSERT … ON CONFLICT</c> in key order, which still compares the values for a row a concurrent client wrote
    /// meanwhile. An untouched row is not locked either: the writer reads every row back and writes again when one was
    /// deleted in between. Same answer as <see cref="UpsertStatement"/>.
    /// </summary>
    private static string CompleteUpsertStatement(string table, List<WriteField> fields, ColumnText text)
    {
        var (columns, arrays, set, differs) = (text.Columns, text.Arrays, text.Set, text.Differs);
        var values = string.Join(", ", fields.Select(f => f.ValueSql("i." + f.Column)));
        var same = $"({string.Join(", ", text.Changing.Select(f => "x." + f.Column))}) IS NOT DISTINCT FROM ({string.Join(", ", text.Changing.Select(f => f.ValueSql("v." + f.Column)))})";
        // Each key is looked up through the unique index by a lateral subquery: a join leaves the method to the planner,
        // which, unable to size an unnest, hashes the whole table (twice the statement's time at 10,000 items on
        // 100,000 rows), and an = ANY over the keys compares every row with every key when the statistics still say
        // the table is small (seconds after a first sync). The LIMIT keeps the lookup a subquery of its own. An
        // unchanged row never reaches ON CONFLICT, which would lock it (a write to its page) and then find nothing to
        // change: on a re-sent sync that is most rows. A row found before the write answers by the item's position,
        // which costs less to read than its key.
        return $"""
            WITH input AS (
                SELECT v.*, e.id AS existing_id, e.same
                FROM unnest({arrays}) WITH ORDINALITY AS v({columns}, n)
                LEFT JOIN LATERAL (SELECT x.id, {same} AS same FROM {table} x WHERE {text.SameKey("x", "v")} LIMIT 1) e ON true
            ),
            written AS (
                INSERT INTO {table} AS t ({columns})
                SELECT {values} FROM input i
                WHERE i.same IS NOT TRUE
                ORDER BY {text.InLockOrder("i")}
                ON CONFLICT ({text.KeyOf("")}) DO UPDATE SET {set}, last_updated = now()
                WHERE {differs}
                RETURNING t.id, {text.KeyOf("t")}, (t.xmax = 0) AS inserted
            )
            SELECT w.id, {text.KeyOf("w")}, w.inserted, true AS written, NULL::bigint AS position FROM written w
            UNION ALL
            SELECT i.existing_id, {text.NullKey}, false, false, i.n FROM input i WHERE i.existing_id IS NOT NULL
            """;
    }

    /// <summary>The SQL fragments both upsert statements (and the insert and update) build from the columns and the key.</summary>
    private sealed class ColumnText(List<WriteField> fields, List<string> key)
    {
        public string Columns { get; } = string.Join(", ", fields.Select(f => f.Column));

        public string Arrays { get; } = string.Join(", ", fields.Select(f => $"@{f.Column}::{f.SqlType}[]"));

        /// <summary>The columns an upsert may change: all but the key's.</summary>
        public List<WriteField> Changing { get; } = fields.Where(f => !key.Contains(f.Column)).ToList();

        public string Set => string.Join(", ", Changing.Select(f => $"{f.Column} = EXCLUDED.{f.Column}"));

        public string Differs =>
            $"({string.Join(", ", Changing.Select(f => "t." + f.Column))}) IS DISTINCT FROM ({string.Join(", ", Changing.Select(f => "EXCLUDED." + f.Column))})";

        /// <summary>The key's columns, each prefixed with <c>alias.</c> (none for an empty alias).</summary>
        public string KeyOf(string alias) => string.Join(", ", key.Select(k => alias.Length == 0 ? k : $"{alias}.{k}"));

        public string SameKey(string a, string b) => string.Join(" AND ", key.Select(k => $"{a}.{k} = {b}.{k}"));

        /// <summary>
        /// The order both statements write in, so that two requests over the same keys lock them in the same order and
        /// cannot deadlock, whichever statement each took. Text keys sort bytewise: the order only has to be the same
        /// for every request, and it is several times cheaper than the database's collation.
        /// </summary>
        public string InLockOrder(string alias) =>
            string.Join(", ", KeyFields.Select(f => f.SqlType == "text" ? $"{alias}.{f.Column} COLLATE \"C\"" : $"{alias}.{f.Column}"));

        /// <summary>Typed nulls in the key's columns, for answer rows that name an item by position instead.</summary>
        public string NullKey => string.Join(", ", KeyFields.Select(f => $"NULL::{f.SqlType}"));

        private IEnumerable<WriteField> KeyFields => key.Select(k => fields.First(f => f.Column == k));
    }
}
