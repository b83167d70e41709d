using Mapster;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Settings;

/// <summary>
/// The plugin's settings (<c>/api/plugins/proxbox/settings/</c>): one row, present from the first migration, read
/// and patched only (POST, PUT and DELETE are 405). Every v0.0.11 field but <c>encryption_key</c>: key management
/// is server configuration here (<c>Proxbox:SecretKey</c>).
/// </summary>
public sealed class SettingsResource() : Resource<SettingsRow, SettingsResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/settings", "netbox_proxbox_proxboxpluginsettings", "s",
        "ProxboxPluginSettings", "proxbox plugin settings", "netbox_proxbox.proxboxpluginsettings");

    public const string Display = "Proxbox plugin settings";

    public static readonly Choice[] IpPreferences = [new("ipv4", "Prefer IPv4"), new("ipv6", "Prefer IPv6")];

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, s.singleton_key, s.use_guest_agent_interface_name, s.proxbox_fetch_max_concurrency,
               s.ignore_ipv6_link_local_addresses, s.primary_ip_preference, s.netbox_max_concurrent, s.netbox_max_retries, s.netbox_retry_delay,
               s.netbox_get_cache_ttl, s.bulk_batch_size, s.bulk_batch_delay_ms, s.vm_sync_max_concurrency, s.custom_fields_request_delay,
               s.backend_log_file_path, s.ssrf_protection_enabled, s.allow_private_ips, s.additional_allowed_ip_ranges, s.explicitly_blocked_ip_ranges
        FROM {Identity.From}
        """;

    /// <summary>Upstream has no filter set for settings: only the standard filters and ordering apply.</summary>
    public override FilterSet Filters { get; } = Identity.Filters([], search: [], ordering: ["id"], tagFilters: false);

    public override IReadOnlyList<string> BriefFields { get; } = [];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new BooleanField("use_guest_agent_interface_name"),
            new IntegerField("proxbox_fetch_max_concurrency", 0, 32767),
            new BooleanField("ignore_ipv6_link_local_addresses"),
            new ChoiceField("primary_ip_preference", IpPreferences),
            new IntegerField("netbox_max_concurrent", 0, 32767),
            new IntegerField("netbox_max_retries", 0, 32767),
            new DecimalField("netbox_retry_delay", 5, 2),
            new DecimalField("netbox_get_cache_ttl", 7, 2),
            new IntegerField("bulk_batch_size", 0, 32767),
            new IntegerField("bulk_batch_delay_ms", 0),
            new IntegerField("vm_sync_max_concurrency", 0, 32767),
            new DecimalField("custom_fields_request_delay", 5, 2),
            new TextField("backend_log_file_path", 255) { AllowBlank = false },
            new BooleanField("ssrf_protection_enabled"),
            new BooleanField("allow_private_ips"),
            new TextField("additional_allowed_ip_ranges"),
            new TextField("explicitly_blocked_ip_ranges"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
    };

    protected override void Map(TypeAdapterSetter<SettingsRow, SettingsResponse> map) => map.Map(settings => settings.Display, _ => Display);
}
