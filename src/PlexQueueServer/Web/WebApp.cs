using PlexQueueServer.Http;
using System.Collections.Frozen;
using System.Security.Cryptography;

namespace PlexQueueServer.Web;

/// <summary>
/// /web: the browser app (HTML, ES modules, CSS in Web/app, embedded in the assembly so publish output and the
/// Docker image carry it with no extra step). Its files hold no data, so they are open; every data call it makes
/// sends the token as a header.
/// </summary>
public static class WebApp
{
    private const string ResourcePrefix = "web/";

    /// <summary>
    /// Scripts and styles only from the server's own files (no inline script, no inline handlers), pictures from
    /// blob: URLs the page makes from authenticated fetches; never framed (clickjacking), never sniffed.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private sealed record Asset(byte[] Body, string ContentType, string ETag);

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(LoadAssets);

    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder routes)
    {
        // Not part of the Plex API: kept out of the OpenAPI document.
        routes.MapMethods("/web", HeadRequests.GetAndHead, (HttpContext context) => Serve(context, "index.html"))
            .WithoutBodyOnHead().AllowAnonymous().ExcludeFromDescription();
        routes.MapMethods("/web/{file}", HeadRequests.GetAndHead, (string file, HttpContext context) => Serve(context, file))
            .WithoutBodyOnHead().AllowAnonymous().ExcludeFromDescription();
        routes.MapWebAppApi();
        routes.MapSignedMedia();
        return routes;
    }

    /// <summary>Set before auth, so a refusal under /web carries them too.</summary>
    public static IApplicationBuilder UseWebAppHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/web", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate CSP 2
            context.Response.Headers["Referrer-Policy"] = "no-referrer"; // signed download links stay out of Referer
        }
        return next(context);
    });

    private static IResult Serve(HttpContext context, string file)
    {
        // Only names the assembly carries: the route value never reaches the disk.
        if (!Assets.Value.TryGetValue(file, out var asset)) return Http.PlexResults.NotFound("No such file in the web app.");
        // Revalidated on each load, so a new server version is picked up at once; unchanged files answer 304.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Body, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> LoadAssets()
    {
        var assembly = typeof(WebApp).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var body = buffer.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";
            assets[name[ResourcePrefix.Length..]] = new Asset(body, ContentTypeOf(name), etag);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
