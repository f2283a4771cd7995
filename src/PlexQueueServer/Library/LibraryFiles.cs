namespace PlexQueueServer.Library;

/// <summary>
/// Opens a library (or cache) file at the moment of use and keeps it only when the file actually opened lies
/// inside one of the allowed folders, so a file swapped for a symlink after the scan is refused, never served.
/// </summary>
public static class LibraryFiles
{
    private const int MaxLinkHops = 40; // as the kernel's ELOOP limit

    /// <summary>
    /// The file opened for reading, or null with a one-line reason when it cannot be opened or lies outside every
    /// root (roots are resolved too). Serve or hand on this stream; never open the path again.
    /// </summary>
    public static FileStream? OpenInside(string path, IReadOnlyCollection<string> roots, out string reason)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0, Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"{path} cannot be opened: {e.Message}";
            return null;
        }
        // Open first, then ask the kernel which file this handle is (/proc/self/fd): no swap between check and use.
        var real = OpenedPath(stream) ?? RealPath(path);
        var realRoots = roots.Select(RealPath).OfType<string>().ToList();
        if (real is not null && realRoots.Any(root => IsInside(real, root)))
        {
            reason = "";
            return stream;
        }
        stream.Dispose();
        reason = $"{path} resolves to {real ?? "nothing"}, outside the library folders";
        return null;
    }

    /// <summary>A path another process (ffmpeg) can open to read this very file, not whatever the name points to later.</summary>
    public static string HandlePath(FileStream stream) =>
        OpenedPath(stream) is not null ? $"/proc/{Environment.ProcessId}/fd/{stream.SafeFileHandle.DangerousGetHandle()}" : stream.Name;

    /// <summary>The real path of this very open file (what the handle is, not what its name points to now).</summary>
    public static string? RealPathOf(FileStream stream) => OpenedPath(stream) ?? RealPath(stream.Name);

    /// <summary>The real path of an open file from /proc/self/fd (Linux); null where /proc is not there.</summary>
    private static string? OpenedPath(FileStream stream)
    {
        if (!OperatingSystem.IsLinux()) return null; // elsewhere the path is resolved after opening (best effort)
        try { return new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>realpath(3): every symlink in every component followed; null when a component is missing or loops.</summary>
    public static string? RealPath(string path)
    {
        var pending = new LinkedList<string>(Path.GetFullPath(path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        var hops = 0;
        try
        {
            while (pending.First is { } first)
            {
                pending.RemoveFirst();
                var part = first.Value;
                if (part == ".") continue;
                if (part == "..") { current = Path.GetDirectoryName(current) ?? current; continue; }
                var candidate = Path.Combine(current, part);
                var target = new FileInfo(candidate).LinkTarget;
                if (target is null)
                {
                    if (!Path.Exists(candidate)) return null;
                    current = candidate;
                    continue;
                }
                if (++hops > MaxLinkHops) return null;
                if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target) ?? "/";
                foreach (var segment in target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                    pending.AddFirst(segment);
            }
            return current;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>True when the (real) path is the root or below it; "/lib/movies2" is not inside "/lib/movies".</summary>
    public static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
