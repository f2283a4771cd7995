using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using FFMpegCore;
using FFMpegCore.Enums;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Conversion;

/// <summary>
/// ffmpeg arguments from the plan alone: every codec, container and preset comes from these whitelists,
/// never from a client string, and paths are ours (the job's input link and output file).
/// </summary>
public static class ConversionArguments
{
    private static readonly Dictionary<string, Func<Codec>> VideoEncoders = new()
    {
        ["h264"] = () => VideoCodec.LibX264,
        ["hevc"] = () => VideoCodec.LibX265,
    };

    private static readonly Dictionary<string, Func<Codec>> AudioEncoders = new()
    {
        ["aac"] = () => AudioCodec.Aac,
        ["mp3"] = () => AudioCodec.LibMp3Lame,
        ["opus"] = () => AudioCodec.LibOpus,
        ["vorbis"] = () => AudioCodec.LibVorbis,
        ["flac"] = () => AudioCodec.Flac,
        ["ac3"] = () => AudioCodec.Ac3,
        ["eac3"] = () => AudioCodec.Eac3,
    };

    private static readonly Dictionary<string, string> SubtitleEncoders = new() { ["mov_text"] = "mov_text", ["srt"] = "srt" };

    /// <summary>Container → output file extension; ffmpeg picks the muxer from it.</summary>
    private static readonly Dictionary<string, string> Extensions = new()
    {
        ["mp4"] = "mp4", ["m4v"] = "mp4", ["mov"] = "mov", ["mkv"] = "mkv", ["webm"] = "webm",
        ["mp3"] = "mp3", ["m4a"] = "m4a", ["ogg"] = "ogg", ["flac"] = "flac",
    };

    private static readonly Dictionary<string, EncoderPreset> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ultrafast"] = EncoderPreset.UltraFast, ["superfast"] = EncoderPreset.SuperFast, ["veryfast"] = EncoderPreset.VeryFast,
        ["faster"] = EncoderPreset.Faster, ["fast"] = EncoderPreset.Fast, ["medium"] = EncoderPreset.Medium,
        ["slow"] = EncoderPreset.Slow,
    };

    /// <summary>HDR (PQ/HLG) to SDR bt709, for targets that cannot carry HDR.</summary>
    private const string ToneMapChain =
        "t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p";

    public static bool CanEncode(PlaybackDecision plan, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (!Extensions.ContainsKey(plan.Container)) reason = $"container '{plan.Container}' is not supported";
        foreach (var s in plan.Streams.Where(s => s.Decision == StreamDecision.Transcode))
        {
            var known = s.Kind switch
            {
                StreamKind.Video => VideoEncoders.ContainsKey(s.Codec),
                StreamKind.Audio => AudioEncoders.ContainsKey(s.Codec),
                _ => SubtitleEncoders.ContainsKey(s.Codec),
            };
            if (!known) reason = $"no encoder for {s.Kind.ToString().ToLowerInvariant()} codec '{s.Codec}'";
        }
        return reason is null;
    }

    public static string ExtensionFor(string container) => Extensions.GetValueOrDefault(container, "mkv");

    /// <param name="sidecars">Source index → our link to a sidecar subtitle the plan uses; each becomes an input of its own.</param>
    public static FFMpegArgumentProcessor Build(string inputPath, string outputPath, PlaybackDecision plan, string preset,
        IReadOnlyDictionary<int, string>? sidecars = null, HardwarePlan? hardware = null)
    {
        sidecars ??= new Dictionary<int, string>();
        var mapped = plan.Streams.Where(s => s.Decision is StreamDecision.Copy or StreamDecision.Transcode).OrderBy(s => s.Kind).ThenBy(s => s.SourceIndex).ToList();
        var arguments = FFMpegArguments.FromFileInput(inputPath, verifyExists: false, i =>
        {
            if (hardware is not null) i.WithCustomArgument(string.Join(' ', HardwareArguments.InputArguments(hardware)));
        });
        var inputs = new Dictionary<int, int>();
        foreach (var stream in mapped.Where(s => sidecars.ContainsKey(s.SourceIndex)))
        {
            arguments = arguments.AddFileInput(sidecars[stream.SourceIndex], verifyExists: false, _ => { });
            inputs[stream.SourceIndex] = inputs.Count + 1;
        }
        return arguments
            .OutputToFile(outputPath, overwrite: true, o =>
            {
                foreach (var stream in mapped)
                    o.WithCustomArgument(inputs.TryGetValue(stream.SourceIndex, out var input)
                        ? $"-map {input.ToString(CultureInfo.InvariantCulture)}:0"
                        : "-map 0:" + stream.SourceIndex.ToString(CultureInfo.InvariantCulture));
                if (plan.Video is { } video)
                {
                    if (hardware is not null) AddHardwareVideo(o, video, hardware, BurnFilter(inputPath, plan, sidecars));
                    else AddVideo(o, video, preset, BurnFilter(inputPath, plan, sidecars));
                }
                if (plan.Audio is { } audio) AddAudio(o, audio);
                if (mapped.FirstOrDefault(s => s.Kind == StreamKind.Subtitle) is { } subtitle)
                {
                    if (subtitle.Decision == StreamDecision.Copy) o.CopyStreams(StreamType.Subtitle);
                    else o.WithSubtitleCodec(SubtitleEncoders[subtitle.Codec]);
                }
                if (ExtensionFor(plan.Container) is "mp4" or "mov" or "m4a") o.WithFastStart();
            });
    }

    /// <summary>
    /// The subtitles filter for the stream the plan burns, reading it from our own input link; si is the
    /// index among the file's subtitle streams. Null when nothing is burned.
    /// </summary>
    private const int DefaultSubtitlePoints = 16;

    internal static string? BurnFilter(string inputPath, PlaybackDecision plan, IReadOnlyDictionary<int, string>? sidecars = null)
    {
        var burn = plan.Streams.FirstOrDefault(s => s is { Kind: StreamKind.Subtitle, Decision: StreamDecision.Burn });
        if (burn is null) return null;
        var si = plan.Streams.Count(s => s.Kind == StreamKind.Subtitle && s.SourceIndex < burn.SourceIndex);
        var filter = sidecars?.GetValueOrDefault(burn.SourceIndex) is { } sidecar
            ? $"filename={FilterGraphPath(sidecar)}"
            : $"filename={FilterGraphPath(inputPath)}:si={si.ToString(CultureInfo.InvariantCulture)}";
        if (burn.SubtitleSize is not { } percent || percent == 100) return filter;
        // libass draws text subtitles at 16 pt by default; '=' inside force_style is escaped for both filter levels.
        var points = Math.Max(1, (int)Math.Round(DefaultSubtitlePoints * percent / 100.0));
        return filter + @":force_style=Fontsize\\=" + points.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A path as a filter option value: escaped for the option (level 1), then for the filtergraph (level 2).</summary>
    internal static string FilterGraphPath(string path)
    {
        // FFMpegCore passes the filter chain inside double quotes; our own job paths never hold one.
        if (path.Contains('"')) throw new InvalidOperationException("The job path contains a double quote.");
        var option = path.Replace("\\", "\\\\").Replace("'", "\\'").Replace(":", "\\:");
        var graph = new System.Text.StringBuilder(option.Length * 2);
        foreach (var c in option)
        {
            if (c is '\\' or '\'' or '[' or ']' or ',' or ';') graph.Append('\\');
            graph.Append(c);
        }
        return graph.ToString();
    }

    private static void AddVideo(FFMpegOutputOptions o, StreamPlan video, string preset, string? burn)
    {
        if (video.Decision == StreamDecision.Copy) { o.CopyStreams(StreamType.Video); return; }
        o.WithVideoCodec(VideoEncoders[video.Codec]());
        o.WithSpeedPreset(Presets.GetValueOrDefault(preset, EncoderPreset.VeryFast));
        // 8-bit 4:2:0 is what every h264/hevc player decodes.
        o.WithCustomArgument("-pix_fmt yuv420p");
        if (video.BitrateKbps is { } kbps)
        {
            // Aim under the cap with a one-second buffer, so the file's real bitrate stays within it.
            o.WithVideoBitrate(Math.Max(1, kbps * 95 / 100)).WithMaxBitrate(kbps).WithBufferSize(kbps);
        }
        else
        {
            o.WithConstantRateFactor(video.Codec == "hevc" ? 28 : 23);
        }
        if (video.ToneMap || burn is not null || video is { Width: not null, Height: not null })
        {
            o.WithVideoFilters(f =>
            {
                if (video.ToneMap) f.WithCustomFilter("zscale", ToneMapChain);
                // Burned at the source size, before scaling, so the text scales with the picture.
                if (burn is not null) f.WithCustomFilter("subtitles", burn);
                if (video is { Width: { } w, Height: { } h }) f.Scale(w, h);
            });
        }
    }

    /// <summary>The device pipeline: software filters before the upload, the device's scaler and encoder after it.</summary>
    private static void AddHardwareVideo(FFMpegOutputOptions o, StreamPlan video, HardwarePlan hardware, string? burn)
    {
        var software = new List<string>();
        if (video.ToneMap) software.Add("zscale=" + ToneMapChain);
        if (burn is not null) software.Add("subtitles=" + burn);
        // Quoted like FFMpegCore's own -vf: the burn filter's path is escaped for exactly this.
        o.WithCustomArgument($"-vf \"{HardwareArguments.VideoFilter(hardware, video.Width, video.Height, software)}\"");
        o.WithCustomArgument(string.Join(' ', HardwareArguments.EncoderArguments(hardware, video.Codec, video.BitrateKbps)));
    }

    private static void AddAudio(FFMpegOutputOptions o, StreamPlan audio)
    {
        if (audio.Decision == StreamDecision.Copy) { o.CopyStreams(StreamType.Audio); return; }
        o.WithAudioCodec(AudioEncoders[audio.Codec]());
        if (audio.BitrateKbps is { } kbps && audio.Codec != "flac") o.WithAudioBitrate(kbps);
        if (audio.Channels is { } channels) o.WithAudioChannels(channels);
        if (audio.AudioBoost is { } boost && boost != 100)
            o.WithAudioFilters(a => a.WithCustomFilter("volume", (boost / 100.0).ToString("0.##", CultureInfo.InvariantCulture)));
    }
}
