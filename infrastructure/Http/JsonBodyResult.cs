using System.Text.Json;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>A JSON response in this API's conventions (snake_case, DRF datetimes, no charset like DRF).</summary>
public sealed record JsonBodyResult(object? Body, int Status, string? Location = null, string? ETag = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = "application/json";
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (ETag is not null)
        {
            response.Headers.ETag = ETag;
        }

        try
        {
            if (HttpMethods.IsHead(httpContext.Request.Method))
            {
                return;
            }

            if (Body is RawJsonArray raw)
            {
                await raw.WriteToAsync(response.BodyWriter, httpContext.RequestAborted);
            }
            else
            {
                await JsonSerializer.SerializeAsync(response.Body, Body, Body?.GetType() ?? typeof(object), ApiJson.Options, httpContext.RequestAborted);
            }
        }
        finally
        {
            (Body as IDisposable)?.Dispose(); // a body written from pooled buffers gives them back
        }
    }
}
