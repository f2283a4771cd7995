using FFMpegCore;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Library;

/// <summary>Maps ffprobe output (cached JSON) into MediaFacts in Plex's vocabulary.</summary>
public static class MediaFactsReader
{
    public static MediaFacts FromProbeJson(string probeJson, string filePath, long sizeBytes)
    {
        var analysis = FFProbe.FromJson(probeJson);
        var streams = new List<StreamFacts>();
        // Cover art (attached_pic) is a "video" stream to ffprobe; Plex treats it as artwork, so music stays music.
        foreach (var v in analysis.VideoStreams.Where(v => !Flag(v.Disposition, "attached_pic")))
            streams.Add(Video(v));
        foreach (var a in analysis.AudioStreams)
            streams.Add(Common(a, StreamKind.Audio) with
            {
                Profile = Lower(a.Profile),
                Channels = a.Channels is > 0 ? a.Channels : null,
                ChannelLayout = NullIfEmpty(a.ChannelLayout),
                SamplingRate = a.SampleRateHz is > 0 ? a.SampleRateHz : null,
                BitDepth = a.BitDepth is > 0 ? a.BitDepth : null,
            });
        foreach (var s in analysis.SubtitleStreams)
            streams.Add(Common(s, StreamKind.Subtitle));

        var bitrate = analysis.Format.BitRate is > 0 and var b ? (int?)Math.Round(b / 1000.0) : null;
        return new MediaFacts
        {
            Container = ContainerFor(filePath, analysis.Format.FormatName),
            DurationMs = (long)analysis.Duration.TotalMilliseconds,
            BitrateKbps = bitrate,
            SizeBytes = sizeBytes,
            Streams = streams.OrderBy(s => s.Index).ToList(),
        };
    }

    private static StreamFacts Video(VideoStream v)
    {
        var bitDepth = v.BitsPerRawSample is > 0 ? v.BitsPerRawSample : BitDepthFromPixelFormat(v.PixelFormat);
        var transfer = NullIfEmpty(v.ColorTransfer);
        return Common(v, StreamKind.Video) with
        {
            Profile = Lower(v.Profile),
            Level = v.Level > 0 ? v.Level : null,
            Width = v.Width is > 0 ? v.Width : null,
            Height = v.Height is > 0 ? v.Height : null,
            FrameRate = v.AverageFrameRate is > 0 and < 1000 ? Math.Round(v.AverageFrameRate, 3) : v.RealFrameRate is > 0 and < 1000 ? Math.Round(v.RealFrameRate, 3) : null,
            BitDepth = bitDepth,
            ColorTransfer = transfer,
            Hdr = transfer is "smpte2084" or "arib-std-b67",
        };
    }

    private static StreamFacts Common(MediaStream s, StreamKind kind) => new()
    {
        Index = s.Index,
        Kind = kind,
        Codec = CodecFor(s.CodecName),
        BitrateKbps = s.BitRate is > 0 and var b ? (int)Math.Round(b / 1000.0) : null,
        Language = NullIfEmpty(s.Language) is { } lang && lang != "und" ? lang : null,
        Title = s.Tags is { } tags && tags.TryGetValue("title", out var title) ? NullIfEmpty(title) : null,
        Default = Flag(s.Disposition, "default"),
        Forced = Flag(s.Disposition, "forced"),
    };

    /// <summary>ffprobe codec name → the name Plex uses in Stream.codec.</summary>
    public static string CodecFor(string? ffprobeCodec)
    {
        var codec = (ffprobeCodec ?? "").ToLowerInvariant();
        if (codec.StartsWith("pcm_", StringComparison.Ordinal)) return "pcm";
        return codec switch
        {
            "subrip" => "srt",
            "webvtt" => "vtt",
            "hdmv_pgs_subtitle" => "pgs",
            "dvd_subtitle" => "vobsub",
            "" => "unknown",
            _ => codec,
        };
    }

    /// <summary>Plex container name from the extension, falling back to ffprobe's format name.</summary>
    public static string ContainerFor(string filePath, string? formatName)
    {
        var ext = Path.GetExtension(filePath).TrimStart('.').ToLowerInvariant();
        switch (ext)
        {
            case "mp4" or "m4v": return "mp4";
            case "mkv" or "mka": return "mkv";
            case "mov" or "webm" or "avi" or "mp3" or "flac" or "m4a" or "ogg" or "wav" or "ts": return ext;
            case "opus" or "oga": return "ogg";
        }
        var format = (formatName ?? "").ToLowerInvariant();
        if (format.Contains("matroska")) return format.Contains("webm") && ext == "webm" ? "webm" : "mkv";
        if (format.Contains("mp4") || format.Contains("mov")) return "mp4";
        if (format == "mpegts") return "ts";
        return format.Split(',')[0] is { Length: > 0 } first ? first : "unknown";
    }

    private static int? BitDepthFromPixelFormat(string? pixFmt) => pixFmt switch
    {
        null or "" => null,
        _ when pixFmt.Contains("12le") || pixFmt.Contains("12be") => 12,
        _ when pixFmt.Contains("10le") || pixFmt.Contains("10be") || pixFmt == "p010le" => 10,
        _ when pixFmt.StartsWith("yuv", StringComparison.Ordinal) || pixFmt.StartsWith("nv", StringComparison.Ordinal) => 8,
        _ => null,
    };

    private static bool Flag(IReadOnlyDictionary<string, bool>? flags, string key) => flags is not null && flags.TryGetValue(key, out var on) && on;
    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    private static string? Lower(string? value) => NullIfEmpty(value)?.ToLowerInvariant();

    /// <summary>ffprobe's answer is bounded: a file on a hung network mount must not stall the scan forever.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs ffprobe once and returns its raw JSON for caching in the database. The flags are FFMpegCore 6's (so
    /// FFProbe.FromJson reads the output); the path is one argument of its own, prefixed with file: so no name is
    /// read as an option or a protocol; the binary is the one Transcoder:FfmpegPath configured for FFMpegCore.
    /// </summary>
    public static async Task<string> ProbeJsonAsync(string path, CancellationToken ct)
    {
        string[] arguments = ["-loglevel", "error", "-print_format", "json", "-show_format", "-sexagesimal", "-show_streams", "-show_chapters",
            "file:" + Path.GetFullPath(path)];
        var result = await Server.ToolProcess.RunAsync(GlobalFFOptions.GetFFProbeBinaryPath(), arguments, ProbeTimeout, ct);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ffprobe exited with code {result.ExitCode}: {result.LastErrorLine}");
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? throw new InvalidOperationException("ffprobe returned no JSON.") : result.StandardOutput;
    }
}
