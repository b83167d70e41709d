using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Dcim.Devices;

/// <summary>How other objects show a device: the plugin's Proxmox nodes point here.</summary>
public sealed record NestedDevice(long Id, string Url, string Display, string? Name)
{
    public static string DisplayOf(long id, string? name) => string.IsNullOrEmpty(name) ? $"Device {id}" : name;

    public static NestedDevice? Of(long? id, string? name, ApiUrls urls) =>
        id is long key ? new NestedDevice(key, DeviceResource.Identity.Url(urls, key), DisplayOf(key, name), name) : null;

    public static ReferenceTarget Target { get; } = DeviceResource.Identity.Target("name", "serial");
}
