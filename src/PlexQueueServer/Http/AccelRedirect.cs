using Microsoft.Net.Http.Headers;
using PlexQueueServer.Library;

namespace PlexQueueServer.Http;

/// <summary>
/// Optional <c>Media:AccelRedirect</c> (an internal nginx location, e.g. <c>/internal-media</c>): after the media route's
/// own checks (token, owner, item available, file opened inside the cache or a section), the answer is an empty 200
/// with <c>X-Accel-Redirect</c> and nginx in front sends the file with sendfile(2) (Range and HEAD included). The path
/// is built from the real path of the file actually opened, relative to the real root that holds it, one escaped
/// segment at a time: <c>{prefix}/cache/…</c> or <c>{prefix}/library/{section index}/…</c> (docker/nginx-accel.conf).
/// </summary>
public static class AccelRedirect
{
    public const string Setting = "Media:AccelRedirect";

    /// <summary>The X-Accel-Redirect value for an opened file, or null when it lies under none of the roots.</summary>
    public static string? PathFor(string prefix, FileStream opened, string cacheRoot, IReadOnlyList<string> sectionRoots)
    {
        var real = LibraryFiles.RealPathOf(opened);
        if (real is null) return null;
        var roots = new List<(string Name, string? Root)> { ("cache", LibraryFiles.RealPath(cacheRoot)) };
        for (var i = 0; i < sectionRoots.Count; i++) roots.Add(($"library/{i}", LibraryFiles.RealPath(sectionRoots[i])));
        foreach (var (name, root) in roots)
        {
            if (root is null || real == root || !LibraryFiles.IsInside(real, root)) continue;
            var segments = Path.GetRelativePath(root, real).Split(Path.DirectorySeparatorChar);
            if (segments.Any(s => s is "" or "." or "..")) return null; // cannot happen for a real path inside; never sent
            return $"{prefix.TrimEnd('/')}/{name}/{string.Join('/', segments.Select(Uri.EscapeDataString))}";
        }
        return null;
    }

    /// <summary>The empty answer nginx turns into the file: type and download name set here, the body and Range by nginx.</summary>
    public static IResult Result(string redirect, string contentType, string downloadName) => new Redirected(redirect, contentType, downloadName);

    private sealed class Redirected(string redirect, string contentType, string downloadName) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(downloadName);
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers["X-Accel-Redirect"] = redirect;
            response.ContentLength = 0;
            return Task.CompletedTask;
        }
    }
}
