using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PlexQueueServer.Library;

/// <summary>
/// Runs ffmpeg for one picture: arguments as a list (no shell, no joined string), the source read through a link
/// whose name we chose in a private folder, bounded in time; the JPEG is written next to it and moved in by the caller.
/// </summary>
public static partial class PictureGrabber
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Picture files are capped at this size on their longer side: clients ask for thumbnails, not originals.</summary>
    private const int MaxSide = 1920;

    /// <summary>The scale filter: fit within (or cover, with minSize) the box, enlarging only with upscale.</summary>
    public static string ScaleFilter(int? width, int? height, bool cover, bool upscale)
    {
        static string Bound(int? n, string side, bool upscale) => n is not { } v ? "-1"
            : upscale ? v.ToString(CultureInfo.InvariantCulture) : $"'min({v.ToString(CultureInfo.InvariantCulture)},{side})'";
        var w = Bound(width, "iw", upscale);
        var h = Bound(height, "ih", upscale);
        var fit = width is not null && height is not null ? $":force_original_aspect_ratio={(cover ? "increase" : "decrease")}" : "";
        return $"scale=w={w}:h={h}{fit},format=yuvj420p";
    }

    public static string OriginalFilter => ScaleFilter(MaxSide, MaxSide, cover: false, upscale: false);

    /// <summary>Grabs the source's picture as a JPEG into output; false (with ffmpeg's last line) when nothing came out.</summary>
    public static async Task<(bool Ok, string Error)> GrabAsync(string ffmpeg, string realSource, PictureSource source, string workFolder,
        string output, string filter, CancellationToken ct)
    {
        Directory.CreateDirectory(workFolder);
        var input = Path.Combine(workFolder, "input" + SafeExtension(realSource));
        File.CreateSymbolicLink(input, realSource);
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin", "-y" };
        if (source.Kind == PictureSourceKind.VideoFrame && source.AtSeconds > 0)
            args.AddRange(["-ss", source.AtSeconds.ToString("0.###", CultureInfo.InvariantCulture)]);
        args.AddRange(["-i", input]);
        args.AddRange(source.Kind switch
        {
            PictureSourceKind.EmbeddedCover => ["-map", "0:" + source.StreamIndex.ToString(CultureInfo.InvariantCulture)],
            PictureSourceKind.VideoFrame => ["-map", "0:V:0"], // V: video streams that are not cover pictures
            _ => [],
        });
        args.AddRange(["-frames:v", "1", "-vf", filter, "-c:v", "mjpeg", "-q:v", "3", "-update", "1", "-f", "image2", output]);
        var result = await RunAsync(ffmpeg, args, ct);
        // A seek past the last keyframe of a very short clip yields nothing: take the first frame instead.
        if (!File.Exists(output) && source.Kind == PictureSourceKind.VideoFrame && source.AtSeconds > 0)
            return await GrabAsync(ffmpeg, realSource, source with { AtSeconds = 0 }, Path.Combine(workFolder, "retry"), output, filter, ct);
        return (File.Exists(output) && new FileInfo(output).Length > 0, result);
    }

    /// <summary>Resizes one of our own cached JPEGs (a path we wrote, not a library file).</summary>
    public static async Task<(bool Ok, string Error)> ResizeAsync(string ffmpeg, string original, string output, string filter, CancellationToken ct)
    {
        List<string> args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", original,
            "-frames:v", "1", "-vf", filter, "-c:v", "mjpeg", "-q:v", "3", "-update", "1", "-f", "image2", output];
        var result = await RunAsync(ffmpeg, args, ct);
        return (File.Exists(output) && new FileInfo(output).Length > 0, result);
    }

    private static async Task<string> RunAsync(string ffmpeg, List<string> args, CancellationToken ct)
    {
        var info = new ProcessStartInfo(ffmpeg) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            await stdout;
            return stderr.Trim().Split('\n').LastOrDefault() ?? "";
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            if (ct.IsCancellationRequested) throw;
            return $"ffmpeg took longer than {Timeout.TotalSeconds:0} s";
        }
    }

    /// <summary>The source's extension when it is plainly one (it helps ffmpeg pick the demuxer), else none.</summary>
    private static string SafeExtension(string path)
    {
        var ext = Path.GetExtension(path);
        return SimpleExtension().IsMatch(ext) ? ext.ToLowerInvariant() : "";
    }

    [GeneratedRegex("^\\.[A-Za-z0-9]{1,5}$")]
    private static partial Regex SimpleExtension();
}
