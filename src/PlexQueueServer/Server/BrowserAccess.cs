using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PlexQueueServer.Configuration;

namespace PlexQueueServer.Server;

/// <summary>
/// What browser-hosted clients and every Plex client expect around the answers: CORS (preflights answered before
/// authentication, as a browser never sends the token on a preflight) and PMS's X-Plex-Protocol and Cache-Control.
/// </summary>
public static class BrowserAccess
{
    /// <summary>Headers a browser script may read: downloads' name, polling hints and paging totals.</summary>
    public static readonly string[] ExposedHeaders =
    [
        HeaderNames.ContentDisposition, HeaderNames.ContentLength, HeaderNames.ContentRange, HeaderNames.AcceptRanges, HeaderNames.RetryAfter,
        "X-Plex-Container-Start", "X-Plex-Container-Size", "X-Plex-Container-Total-Size", "X-Plex-Protocol", "X-Plex-Error",
    ];

    public static IServiceCollection AddBrowserAccess(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ServerOptions>>((cors, server) =>
            cors.AddDefaultPolicy(policy =>
            {
                var origins = server.Value.CorsOrigins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).ToArray();
                if (origins.Length == 0 || origins.Contains("*")) policy.AllowAnyOrigin();
                else policy.WithOrigins(origins);
                // Clients send a dozen X-Plex-* headers (product, device, platform…): reflect whatever the preflight asks for.
                policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(ExposedHeaders).SetPreflightMaxAge(TimeSpan.FromHours(1));
            }));
        return services;
    }

    /// <summary>Before authentication: a preflight carries no token and must not be refused.</summary>
    public static IApplicationBuilder UseBrowserAccess(this IApplicationBuilder app)
    {
        app.UseMiddleware<PlexHeadersMiddleware>();
        app.UseCors();
        return app;
    }
}

/// <summary>
/// X-Plex-Protocol on every answer, and Cache-Control: no-cache on API answers (XML, JSON, HTML, empty) unless the
/// route chose its own: files and pictures keep their own caching, since their URLs change when they do.
/// </summary>
public sealed class PlexHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            response.Headers["X-Plex-Protocol"] = "1.0";
            if (!response.Headers.ContainsKey(HeaderNames.CacheControl) && IsApiAnswer(response.ContentType))
                response.Headers.CacheControl = "no-cache";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }

    private static bool IsApiAnswer(string? contentType) =>
        string.IsNullOrEmpty(contentType)
        || contentType.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
