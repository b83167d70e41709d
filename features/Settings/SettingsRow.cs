using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Settings;

public sealed record SettingsRow : NetBoxRow
{
    public string SingletonKey { get; init; } = "";
    public bool UseGuestAgentInterfaceName { get; init; }
    public int ProxboxFetchMaxConcurrency { get; init; }
    public bool IgnoreIpv6LinkLocalAddresses { get; init; }
    public string PrimaryIpPreference { get; init; } = "";
    public int NetboxMaxConcurrent { get; init; }
    public int NetboxMaxRetries { get; init; }
    public decimal NetboxRetryDelay { get; init; }
    public decimal NetboxGetCacheTtl { get; init; }
    public int BulkBatchSize { get; init; }
    public int BulkBatchDelayMs { get; init; }
    public int VmSyncMaxConcurrency { get; init; }
    public decimal CustomFieldsRequestDelay { get; init; }
    public string BackendLogFilePath { get; init; } = "";
    public bool SsrfProtectionEnabled { get; init; }
    public bool AllowPrivateIps { get; init; }
    public string AdditionalAllowedIpRanges { get; init; } = "";
    public string ExplicitlyBlockedIpRanges { get; init; } = "";
}
