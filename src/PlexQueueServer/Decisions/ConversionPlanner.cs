namespace PlexQueueServer.Decisions;

/// <summary>
/// Plans each source stream for one transcode target: copy what the target accepts and every cap
/// allows, encode the rest with the first codec we can encode. Every source stream gets one plan.
/// </summary>
internal static class ConversionPlanner
{
    /// <summary>The plans, or the encoder we lack ("video encoder 'vp9'") when a stream cannot be produced.</summary>
    public sealed record Result(IReadOnlyList<StreamPlan> Streams, string? MissingEncoder);

    public static Result Plan(MediaFacts source, DecisionRequest request, TranscodeTarget target)
    {
        var plans = new List<StreamPlan>(source.Streams.Count);
        var video = source.Video;
        var audio = source.Audio;
        var burn = StreamSelection.BurnSubtitle(source, request);
        var embed = burn is null && request.Subtitles is "auto" or "embedded" ? StreamSelection.TextSubtitle(source) : null;
        string? missing = null;

        foreach (var s in source.Streams)
        {
            StreamPlan? plan = null;
            if (ReferenceEquals(s, video)) plan = Video(s, source, request, target, burn is not null, ref missing);
            else if (ReferenceEquals(s, audio)) plan = Audio(s, source, request, target, ref missing);
            else if (ReferenceEquals(s, burn)) plan = Base(s) with { Decision = StreamDecision.Burn, Location = "embedded", SubtitleSize = request.SubtitleSize };
            else if (ReferenceEquals(s, embed)) plan = EmbeddedText(s, target);
            plans.Add(plan ?? Base(s));
        }
        return new Result(plans, missing);
    }

    private static StreamPlan? Video(StreamFacts v, MediaFacts source, DecisionRequest request, TranscodeTarget target,
        bool burning, ref string? missing)
    {
        var cap = request.VideoBitrateCapKbps;
        var bitrate = v.BitrateKbps ?? StreamSelection.SourceBitrateKbps(source);
        var fits = (request.MaxWidth is null || v.Width is null || v.Width <= request.MaxWidth) &&
                   (request.MaxHeight is null || v.Height is null || v.Height <= request.MaxHeight) &&
                   (cap is null || bitrate is null || bitrate <= cap);
        var copy = request.DirectStream && !burning && fits &&
                   target.VideoCodecs.Contains(v.Codec) && CodecSupport.CanMux(target.Container, StreamKind.Video, v.Codec) &&
                   LimitationEvaluator.FirstViolation(request.Profile.Limitations, LimitationEvaluator.VideoCodecScope, v) is null;
        if (copy) return Base(v) with { Decision = StreamDecision.Copy, Width = v.Width, Height = v.Height, BitrateKbps = v.BitrateKbps };

        var codec = target.VideoCodecs.FirstOrDefault(c => CodecSupport.CanEncode(target.Container, StreamKind.Video, c));
        if (codec is null)
        {
            missing ??= $"video encoder '{Name(target.VideoCodecs)}'";
            return null;
        }
        var limits = request.Profile.Limitations;
        var maxWidth = Min(request.MaxWidth, LimitationEvaluator.UpperBound(limits, LimitationEvaluator.VideoCodecScope, codec, "video.width"));
        var maxHeight = Min(request.MaxHeight, LimitationEvaluator.UpperBound(limits, LimitationEvaluator.VideoCodecScope, codec, "video.height"));
        (int W, int H)? size = v is { Width: > 0, Height: > 0 }
            ? VideoScaler.Fit(v.Width.Value, v.Height.Value, maxWidth, maxHeight)
            : null;
        return Base(v) with
        {
            Decision = StreamDecision.Transcode,
            Codec = codec,
            Width = size?.W,
            Height = size?.H,
            BitrateKbps = cap, // null: the converter picks a quality-based rate.
            ToneMap = v.Hdr,
        };
    }

    private static StreamPlan? Audio(StreamFacts a, MediaFacts source, DecisionRequest request, TranscodeTarget target, ref string? missing)
    {
        var music = source.IsMusic;
        var musicCap = StreamSelection.MusicCapKbps(request);
        var bitrate = a.BitrateKbps ?? (music ? StreamSelection.SourceBitrateKbps(source) : null);
        var scope = music ? LimitationEvaluator.AudioCodecScope : LimitationEvaluator.VideoAudioCodecScope;
        var copy = request.DirectStreamAudio &&
                   target.AudioCodecs.Contains(a.Codec) && CodecSupport.CanMux(target.Container, StreamKind.Audio, a.Codec) &&
                   (request.AudioChannelCount is null || a.Channels is null || a.Channels <= request.AudioChannelCount) &&
                   (!music || musicCap is null || bitrate is null || bitrate <= musicCap) &&
                   request.AudioBoost is null or 100 &&
                   LimitationEvaluator.FirstViolation(request.Profile.Limitations, scope, a) is null;
        if (copy) return Base(a) with { Decision = StreamDecision.Copy, Channels = a.Channels, BitrateKbps = a.BitrateKbps };

        var codec = target.AudioCodecs.FirstOrDefault(c => CodecSupport.CanEncode(target.Container, StreamKind.Audio, c));
        if (codec is null)
        {
            missing ??= $"audio encoder '{Name(target.AudioCodecs)}'";
            return null;
        }
        var channelLimit = LimitationEvaluator.UpperBound(request.Profile.Limitations, scope, codec, "audio.channels");
        var channels = Math.Min(Math.Min(a.Channels ?? 2, Min(request.AudioChannelCount, channelLimit) ?? 8), CodecSupport.MaxChannels(codec));
        return Base(a) with
        {
            Decision = StreamDecision.Transcode,
            Codec = codec,
            Channels = channels,
            BitrateKbps = AudioBitrate(codec, channels, music, musicCap),
            AudioBoost = request.AudioBoost,
        };
    }

    // musicBitrate is a ceiling; mp3 tops out at 320; flac is lossless, so it has no rate to set.
    private static int? AudioBitrate(string codec, int channels, bool music, int? musicCap)
    {
        if (codec == "flac") return null;
        var rate = codec == "mp3" && music ? 320 : Math.Min(64 * channels, 640);
        return music && musicCap is not null ? Math.Min(rate, musicCap.Value) : rate;
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static StreamPlan? EmbeddedText(StreamFacts s, TranscodeTarget target)
    {
        var codec = CodecSupport.TextSubtitleCodecFor(target.Container);
        // A target that lists subtitle codecs must list this one; an empty list means the profile did not say.
        if (codec is null || target.SubtitleCodecs.Count > 0 && !target.SubtitleCodecs.Contains(codec, StringComparer.OrdinalIgnoreCase)) return null;
        return Base(s) with { Decision = s.Codec == codec ? StreamDecision.Copy : StreamDecision.Transcode, Location = "embedded", Codec = codec };
    }

    private static StreamPlan Base(StreamFacts s) =>
        new() { SourceIndex = s.Index, Kind = s.Kind, SourceCodec = s.Codec, Decision = StreamDecision.Ignore, Codec = s.Codec };

    // The codec a client asked for, bounded: it ends up in a response text.
    private static string Name(IReadOnlyList<string> codecs)
    {
        var name = codecs.FirstOrDefault() ?? "none";
        return name.Length > 32 ? name[..32] : name;
    }
}
