using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using PlexQueueServer.Http;

namespace PlexQueueServer.Library;

/// <summary>Item pictures (thumb, art) and PMS's photo transcoder, which clients call for every thumbnail they show.</summary>
public static partial class ArtworkApi
{
    /// <summary>Largest side a client may ask the photo transcoder for.</summary>
    public const int MaxSide = 4096;

    public static IServiceCollection AddArtwork(this IServiceCollection services) => services.AddSingleton<Artwork>();

    public static IEndpointRouteBuilder MapArtwork(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/library/metadata/{id}/thumb/{ts}", (string id, string ts, Artwork artwork, HttpContext context, CancellationToken ct) =>
                GetPictureAsync(id, "thumb", artwork, context, ct))
            .WithName("getMetadataThumb").WithTags("Content").WithSummary("Get an item's thumbnail")
            .WithDescription("A JPEG: a poster.jpg/folder.jpg/cover.jpg beside the media, a music file's cover, or a frame at ~10% of a video. ts is the item's updatedAt.");
        routes.MapGet("/library/metadata/{id}/art/{ts}", (string id, string ts, Artwork artwork, HttpContext context, CancellationToken ct) =>
                GetPictureAsync(id, "art", artwork, context, ct))
            .WithName("getMetadataArt").WithTags("Content").WithSummary("Get an item's background art")
            .WithDescription("A JPEG: fanart.jpg/backdrop.jpg beside the media, else the same picture as the thumbnail.");
        routes.MapGet("/photo/:/transcode", TranscodeImageAsync)
            .WithName("transcodeImage").WithTags("Content").WithSummary("Resize one of this server's pictures")
            .WithDescription("url must be one of this server's /library/metadata/{id}/thumb|art/{ts} paths; the JPEG fits within width×height (covers it with minSize=1; enlarged only with upscale=1).");
        return routes;
    }

    private static async Task<IResult> GetPictureAsync(string id, string kind, Artwork artwork, HttpContext context, CancellationToken ct)
    {
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var ratingKey) || ratingKey <= 0)
            return PlexResults.BadRequest($"'{IdList.Truncate(id)}' is not a rating key: rating keys are positive integers.");
        return Send(await artwork.GetAsync(ratingKey, kind, ct), context);
    }

    /// <param name="url">One of this server's picture paths (relative, or absolute on this host).</param>
    /// <param name="width">Box width in pixels (1–4096).</param>
    /// <param name="height">Box height in pixels (1–4096).</param>
    /// <param name="minSize">1: cover the box instead of fitting within it.</param>
    /// <param name="upscale">1: enlarge pictures smaller than the box.</param>
    public static async Task<IResult> TranscodeImageAsync(string? url, string? width, string? height, string? minSize, string? upscale,
        Artwork artwork, HttpContext context, CancellationToken ct)
    {
        if (!TryParsePicture(url, context.Request, out var id, out var kind, out var reason)) return PlexResults.BadRequest(reason);
        if (!TrySide(width, "width", out var w, out reason) || !TrySide(height, "height", out var h, out reason)) return PlexResults.BadRequest(reason);
        var answer = w is null && h is null
            ? await artwork.GetAsync(id, kind, ct)
            : await artwork.GetResizedAsync(id, kind, w, h, Flag(minSize), Flag(upscale), ct);
        return Send(answer, context);
    }

    private static IResult Send(ArtworkAnswer answer, HttpContext context)
    {
        if (answer.Path is null) return PlexResults.Error(answer.Status, answer.Reason);
        // The URLs carry the item's updatedAt: a changed picture gets a new URL, so clients may keep this one.
        context.Response.Headers[HeaderNames.CacheControl] = "private, max-age=86400";
        return TypedResults.PhysicalFile(answer.Path, "image/jpeg", lastModified: File.GetLastWriteTimeUtc(answer.Path));
    }

    /// <summary>Only our own picture paths: this server never fetches a URL or opens a file a client names.</summary>
    public static bool TryParsePicture(string? url, HttpRequest request, out int id, out string kind, out string reason)
    {
        id = 0;
        kind = "";
        reason = "url must be one of this server's picture paths: /library/metadata/{id}/thumb/{ts} or /library/metadata/{id}/art/{ts}.";
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048) return false;
        var path = url.Trim();
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            var sameHost = string.Equals(absolute.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
                || (absolute.IsLoopback && absolute.Port == (request.Host.Port ?? absolute.Port));
            if (!sameHost) return false;
            path = absolute.AbsolutePath;
        }
        else if (!path.StartsWith('/')) return false;
        var query = path.IndexOf('?');
        if (query >= 0) path = path[..query];
        var match = PicturePath().Match(path);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out id) || id <= 0) return false;
        kind = match.Groups[2].Value;
        return true;
    }

    private static bool TrySide(string? raw, string name, out int? side, out string reason)
    {
        side = null;
        reason = "";
        if (string.IsNullOrEmpty(raw)) return true;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxSide)
        {
            side = value;
            return true;
        }
        reason = $"{name} must be a whole number of pixels from 1 to {MaxSide}, not '{IdList.Truncate(raw)}'.";
        return false;
    }

    private static bool Flag(string? value) => value is "1" or "true";

    [GeneratedRegex("^/library/metadata/([0-9]{1,9})/(thumb|art)(?:/[0-9]{1,12})?/?$")]
    private static partial Regex PicturePath();
}
