using Microsoft.Net.Http.Headers;

namespace PlexQueueServer.Http;

/// <summary>
/// ASP.NET's file result reads a Range in any unit as bytes, and takes an If-Range it cannot compare (we send no
/// ETag) or a later date as a match. RFC 9110 (14.2, 13.1.5): such a Range is ignored and the whole file sent (200).
/// </summary>
public static class RangeRequests
{
    public static void IgnoreUnusableRange(HttpRequest request, DateTimeOffset lastModified)
    {
        if (string.IsNullOrEmpty(request.Headers.Range)) return;
        var headers = request.GetTypedHeaders();
        var usable = headers.Range is { } range && range.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase)
            && (string.IsNullOrEmpty(request.Headers.IfRange) || IfRangeMatches(headers.IfRange, lastModified));
        if (!usable) request.Headers.Remove(HeaderNames.Range);
    }

    /// <summary>An entity tag never matches (none is sent); a date only when it is Last-Modified to the second.</summary>
    private static bool IfRangeMatches(RangeConditionHeaderValue? ifRange, DateTimeOffset lastModified)
    {
        if (ifRange?.LastModified is not { } date) return false;
        var sent = lastModified.ToUniversalTime();
        return date == new DateTimeOffset(sent.Year, sent.Month, sent.Day, sent.Hour, sent.Minute, sent.Second, TimeSpan.Zero);
    }
}
