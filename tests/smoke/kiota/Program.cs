// A client Kiota generated from the live /api/schema/ lists, creates, patches and deletes a Proxmox endpoint, as an
// integrator's generated SDK would. Usage: KiotaSmoke URL TOKEN. Exits non-zero on the first failure.
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Proxbox.Client;
using Proxbox.Client.Models;
using ProxmoxList = Proxbox.Client.Api.Plugins.Proxbox.Endpoints.Proxmox.EmptyPathSegmentRequestBuilder;

var (baseUrl, token) = (args[0], args[1]);
// Kiota's API-key provider sends keys over https only; the smoke test runs on loopback http, so the header rides on
// the HTTP client instead.
var http = KiotaClientFactory.Create();
http.DefaultRequestHeaders.Add("Authorization", $"Token {token}");
var client = new ProxboxClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl });
var endpoints = client.Api.Plugins.Proxbox.Endpoints.Proxmox;
var name = $"kiota-{Guid.NewGuid():N}"[..14];
var checks = 0;

void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.Error.WriteLine($"FAIL kiota: {what}");
        Environment.Exit(1);
    }

    checks++;
}

async Task<List<ProxmoxEndpoint>> FindAsync() =>
    (await endpoints.EmptyPathSegment.GetAsync(request => request.QueryParameters.Name = [name]))?.Results ?? [];

Check((await FindAsync()).Count == 0, "the list filtered by a new name is empty");

// The create body is the single-object branch of the schema's oneOf (one object or a list of them).
await endpoints.EmptyPathSegment.PostAsPostResponseAsync(new ProxmoxList.PostRequestBody
{
    PostRequestBodyProxmoxEndpointRequest = new ProxmoxEndpointRequest
    {
        Name = name, Domain = "pve.kiota.example", Port = 8006, Username = "root@pam", Password = "kiota-secret", VerifySsl = false,
    },
});
var found = await FindAsync();
Check(found.Count == 1 && found[0].Domain == "pve.kiota.example" && found[0].Port == 8006, "the created endpoint is listed by its name");
var id = found[0].Id ?? 0;

var patched = await endpoints[id].EmptyPathSegment.PatchAsync(new PatchedProxmoxEndpointRequest { Port = 8443, VerifySsl = true });
Check(patched?.Id == id && patched.Port == 8443 && patched.VerifySsl == true, "the PATCH answers the changed endpoint");
var read = await endpoints[id].EmptyPathSegment.GetAsync();
Check(read?.Port == 8443 && read.Name == name, "a GET reads the patched values back");
Check(read?.AdditionalData.ContainsKey("password") == false, "the password is write-only");

await endpoints[id].EmptyPathSegment.DeleteAsync();
Check((await FindAsync()).Count == 0, "the deleted endpoint is no longer listed");
Console.WriteLine($"kiota: {checks} checks passed with the generated client");
