using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Settings;

/// <summary>
/// The plugin's settings (<c>/api/plugins/proxbox/settings/</c>): one row, present from the first migration, read
/// and patched only (POST, PUT and DELETE are 405). Every v0.0.11 field but <c>encryption_key</c>: key management
/// is server configuration here (<c>Proxbox:SecretKey</c>).
/// </summary>
public sealed class SettingsResource : Resource<SettingsRow, SettingsResponse>
{
    public const string Display = "Proxbox plugin settings";

    public static readonly Choice[] IpPreferences = [new("ipv4", "Prefer IPv4"), new("ipv6", "Prefer IPv6")];

    public override ResourceInfo Info { get; } = new("plugins/proxbox/settings", "netbox_proxbox_proxboxpluginsettings", "s", "ProxboxPluginSettings",
        "proxbox plugin settings", "netbox_proxbox.proxboxpluginsettings", "netbox_proxbox_proxboxpluginsettings_tags");

    public override string SelectSql { get; } = $"""
        SELECT s.id, s.singleton_key, s.use_guest_agent_interface_name, s.proxbox_fetch_max_concurrency, s.ignore_ipv6_link_local_addresses,
               s.primary_ip_preference, s.netbox_max_concurrent, s.netbox_max_retries, s.netbox_retry_delay, s.netbox_get_cache_ttl,
               s.bulk_batch_size, s.bulk_batch_delay_ms, s.vm_sync_max_concurrency, s.custom_fields_request_delay, s.backend_log_file_path,
               s.ssrf_protection_enabled, s.allow_private_ips, s.additional_allowed_ip_ranges, s.explicitly_blocked_ip_ranges,
               {Tagging.Column("netbox_proxbox_proxboxpluginsettings_tags", "s")}, s.custom_field_data, s.created, s.last_updated
        FROM netbox_proxbox_proxboxpluginsettings s
        """;

    /// <summary>Upstream has no filter set for settings: only the standard filters and ordering apply.</summary>
    public override FilterSet Filters { get; } = new(alias: "s", tagTable: null, filters: [], search: [], defaultOrdering: ["s.id"]);

    public override IReadOnlyList<string> BriefFields { get; } = [];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new BooleanField("use_guest_agent_interface_name", "use_guest_agent_interface_name"),
            new IntegerField("proxbox_fetch_max_concurrency", "proxbox_fetch_max_concurrency", 0, 32767),
            new BooleanField("ignore_ipv6_link_local_addresses", "ignore_ipv6_link_local_addresses"),
            new ChoiceField("primary_ip_preference", "primary_ip_preference", IpPreferences),
            new IntegerField("netbox_max_concurrent", "netbox_max_concurrent", 0, 32767),
            new IntegerField("netbox_max_retries", "netbox_max_retries", 0, 32767),
            new DecimalField("netbox_retry_delay", "netbox_retry_delay", 5, 2),
            new DecimalField("netbox_get_cache_ttl", "netbox_get_cache_ttl", 7, 2),
            new IntegerField("bulk_batch_size", "bulk_batch_size", 0, 32767),
            new IntegerField("bulk_batch_delay_ms", "bulk_batch_delay_ms", 0),
            new IntegerField("vm_sync_max_concurrency", "vm_sync_max_concurrency", 0, 32767),
            new DecimalField("custom_fields_request_delay", "custom_fields_request_delay", 5, 2),
            new TextField("backend_log_file_path", "backend_log_file_path", 255) { AllowBlank = false },
            new BooleanField("ssrf_protection_enabled", "ssrf_protection_enabled"),
            new BooleanField("allow_private_ips", "allow_private_ips"),
            new TextField("additional_allowed_ip_ranges", "additional_allowed_ip_ranges"),
            new TextField("explicitly_blocked_ip_ranges", "explicitly_blocked_ip_ranges"),
            Tagging.Field,
            new CustomFieldsField(),
        ],
        UpdateSql = """
            UPDATE netbox_proxbox_proxboxpluginsettings AS s
            SET use_guest_agent_interface_name = v.use_guest_agent_interface_name, proxbox_fetch_max_concurrency = v.proxbox_fetch_max_concurrency,
                ignore_ipv6_link_local_addresses = v.ignore_ipv6_link_local_addresses, primary_ip_preference = v.primary_ip_preference,
                netbox_max_concurrent = v.netbox_max_concurrent, netbox_max_retries = v.netbox_max_retries, netbox_retry_delay = v.netbox_retry_delay,
                netbox_get_cache_ttl = v.netbox_get_cache_ttl, bulk_batch_size = v.bulk_batch_size, bulk_batch_delay_ms = v.bulk_batch_delay_ms,
                vm_sync_max_concurrency = v.vm_sync_max_concurrency, custom_fields_request_delay = v.custom_fields_request_delay,
                backend_log_file_path = v.backend_log_file_path, ssrf_protection_enabled = v.ssrf_protection_enabled, allow_private_ips = v.allow_private_ips,
                additional_allowed_ip_ranges = v.additional_allowed_ip_ranges, explicitly_blocked_ip_ranges = v.explicitly_blocked_ip_ranges,
                custom_field_data = v.custom_field_data::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @use_guest_agent_interface_name::boolean[], @proxbox_fetch_max_concurrency::bigint[],
                        @ignore_ipv6_link_local_addresses::boolean[], @primary_ip_preference::text[], @netbox_max_concurrent::bigint[],
                        @netbox_max_retries::bigint[], @netbox_retry_delay::numeric[], @netbox_get_cache_ttl::numeric[], @bulk_batch_size::bigint[],
                        @bulk_batch_delay_ms::bigint[], @vm_sync_max_concurrency::bigint[], @custom_fields_request_delay::numeric[],
                        @backend_log_file_path::text[], @ssrf_protection_enabled::boolean[], @allow_private_ips::boolean[],
                        @additional_allowed_ip_ranges::text[], @explicitly_blocked_ip_ranges::text[], @custom_field_data::text[])
                 AS v(id, use_guest_agent_interface_name, proxbox_fetch_max_concurrency, ignore_ipv6_link_local_addresses, primary_ip_preference,
                      netbox_max_concurrent, netbox_max_retries, netbox_retry_delay, netbox_get_cache_ttl, bulk_batch_size, bulk_batch_delay_ms,
                      vm_sync_max_concurrency, custom_fields_request_delay, backend_log_file_path, ssrf_protection_enabled, allow_private_ips,
                      additional_allowed_ip_ranges, explicitly_blocked_ip_ranges, custom_field_data)
            WHERE s.id = v.id
            """,
    };

    public override SettingsResponse Map(SettingsRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), Display, row.SingletonKey, row.UseGuestAgentInterfaceName, row.ProxboxFetchMaxConcurrency,
        row.IgnoreIpv6LinkLocalAddresses, row.PrimaryIpPreference, row.NetboxMaxConcurrent, row.NetboxMaxRetries, row.NetboxRetryDelay,
        row.NetboxGetCacheTtl, row.BulkBatchSize, row.BulkBatchDelayMs, row.VmSyncMaxConcurrency, row.CustomFieldsRequestDelay,
        row.BackendLogFilePath, row.SsrfProtectionEnabled, row.AllowPrivateIps, row.AdditionalAllowedIpRanges, row.ExplicitlyBlockedIpRanges,
        Tagging.Read(row.Tags, urls), RawJson.From(row.CustomFieldData), row.Created, row.LastUpdated);
}

public sealed record SettingsRow(
    long Id, string SingletonKey, bool UseGuestAgentInterfaceName, int ProxboxFetchMaxConcurrency, bool IgnoreIpv6LinkLocalAddresses,
    string PrimaryIpPreference, int NetboxMaxConcurrent, int NetboxMaxRetries, decimal NetboxRetryDelay, decimal NetboxGetCacheTtl, int BulkBatchSize,
    int BulkBatchDelayMs, int VmSyncMaxConcurrency, decimal CustomFieldsRequestDelay, string BackendLogFilePath, bool SsrfProtectionEnabled,
    bool AllowPrivateIps, string AdditionalAllowedIpRanges, string ExplicitlyBlockedIpRanges, string? Tags, string CustomFieldData,
    DateTime Created, DateTime LastUpdated);

/// <summary>Upstream renders <c>primary_ip_preference</c> as a bare string (a plain DRF choice field), not <c>{value, label}</c>.</summary>
public sealed record SettingsResponse(
    long Id, string Url, string Display, string SingletonKey, bool UseGuestAgentInterfaceName, int ProxboxFetchMaxConcurrency,
    bool IgnoreIpv6LinkLocalAddresses, string PrimaryIpPreference, int NetboxMaxConcurrent, int NetboxMaxRetries, decimal NetboxRetryDelay,
    decimal NetboxGetCacheTtl, int BulkBatchSize, int BulkBatchDelayMs, int VmSyncMaxConcurrency, decimal CustomFieldsRequestDelay,
    string BackendLogFilePath, bool SsrfProtectionEnabled, bool AllowPrivateIps, string AdditionalAllowedIpRanges, string ExplicitlyBlockedIpRanges,
    IReadOnlyList<NestedTag> Tags, RawJson CustomFields, DateTime? Created, DateTime? LastUpdated) : IApiObject;

public sealed class SettingsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<SettingsResource>(), Operations.Read | Operations.Patch);
}
