using System.Diagnostics.CodeAnalysis;
namespace PlexQueueServer.Http;

/// <summary>X-Plex-Container-Start / -Size from header or query, as Plex clients send them.</summary>
public readonly record struct Paging(int Start, int? Size)
{
    public const int MaxSize = 10_000;

    public static bool TryRead(HttpRequest request, out Paging paging, [NotNullWhen(false)] out string? error)
    {
        paging = default;
        error = null;
        if (!TryInt(request, "X-Plex-Container-Start", out var start, out error)) return false;
        if (!TryInt(request, "X-Plex-Container-Size", out var size, out error)) return false;
        paging = new Paging(start ?? 0, size);
        return true;
    }

    private static bool TryInt(HttpRequest request, string name, out int? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        string? raw = request.Headers[name].FirstOrDefault() ?? request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(raw)) return true;
        if (int.TryParse(raw, out var parsed) && parsed >= 0 && parsed <= int.MaxValue / 2)
        {
            value = parsed;
            return true;
        }
        error = $"{name} must be a non-negative integer.";
        return false;
    }

    public IQueryable<T> Apply<T>(IQueryable<T> query)
    {
        query = query.Skip(Start);
        return Size is { } size ? query.Take(Math.Min(size, MaxSize)) : query;
    }

    public void WriteHeaders(HttpResponse response, int totalSize)
    {
        response.Headers["X-Plex-Container-Start"] = Start.ToString();
        response.Headers["X-Plex-Container-Total-Size"] = totalSize.ToString();
    }
}
