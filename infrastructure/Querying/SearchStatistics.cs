using System.Collections.Concurrent;
using System.Data.Common;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// The trigram samples of the columns <c>q</c> searches, read from <c>pg_stats</c> when a long <c>q</c> first needs
/// them and kept for a few minutes: they change only when ANALYZE runs, and reading them costs a round trip.
/// </summary>
public sealed class SearchStatistics(NpgsqlDataSource database)
{
    private static readonly long Lifetime = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;

    private readonly ConcurrentDictionary<(string Table, string Column), (TrigramSample? Sample, long ReadAt)> _samples = new();

    /// <summary>The column's sample as last read; null when it was never read or ANALYZE has not sampled the column.</summary>
    public TrigramSample? For(string table, string column) => _samples.TryGetValue((table, column), out var entry) ? entry.Sample : null;

    /// <summary>Reads the samples of <paramref name="columns"/> not read in the last few minutes, in one query.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<(string Table, string Column)> columns, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        var stale = columns.Where(column => !_samples.TryGetValue(column, out var entry) || now - entry.ReadAt > Lifetime).Distinct().ToList();
        if (stale.Count == 0)
        {
            return;
        }

        var read = stale.ToDictionary(column => column, _ => (TrigramSample?)null);
        try
        {
            await using var command = database.CreateCommand("""
                SELECT s.tablename, s.attname, s.null_frac, s.most_common_vals::text::text[], s.most_common_freqs, s.histogram_bounds::text::text[]
                FROM pg_stats s
                WHERE s.schemaname = current_schema() AND s.tablename = ANY($1) AND s.attname = ANY($2)
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = stale.Select(c => c.Table).Distinct().ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = stale.Select(c => c.Column).Distinct().ToArray() });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var column = (reader.GetString(0), reader.GetString(1));
                if (read.ContainsKey(column))
                {
                    read[column] = TrigramSample.FromStatistics(
                        reader.GetFloat(2),
                        reader.IsDBNull(3) ? null : reader.GetFieldValue<string[]>(3),
                        reader.IsDBNull(4) ? null : reader.GetFieldValue<float[]>(4),
                        reader.IsDBNull(5) ? null : reader.GetFieldValue<string[]>(5));
                }
            }
        }
        catch (DbException)
        {
            // Without statistics every q is searched whole, as it would be anyway; the list's own query reports a
            // database that cannot be reached.
        }

        foreach (var (column, sample) in read)
        {
            _samples[column] = (sample, now);
        }
    }
}
