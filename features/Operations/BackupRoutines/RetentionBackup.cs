namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>
/// One backup in a retention preview: <c>{id, url, display, creation_time, volume_id, rule}</c>, the rule being the
/// one that keeps it (<c>keep-daily</c>, …) or null when the prune would remove it.
/// </summary>
public sealed record RetentionBackup(long Id, string Url, string Display, DateTime CreationTime, string? VolumeId, string? Rule);
