using Microsoft.AspNetCore.Http.Features;

namespace Proxbox.Api.Infrastructure.Http;

public static class RequestBodyLimit
{
    /// <summary>Applies the configured body limit to every request (Kestrel's own limit does not reach the test server).</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use((context, next) =>
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        if (context.Request.ContentLength > maxBytes)
        {
            return ApiErrors.WriteDetailAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large.");
        }

        return next(context);
    });
}
