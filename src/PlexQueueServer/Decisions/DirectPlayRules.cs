namespace PlexQueueServer.Decisions;

/// <summary>
/// Why the source cannot be sent untouched: the first failing rule as Plex words it (without the
/// "App cannot direct play this item. " prefix), or null when direct play is fine.
/// </summary>
internal static class DirectPlayRules
{
    public static string? WhyNot(MediaFacts source, DecisionRequest request)
    {
        if (!request.DirectPlay) return "Direct play is disabled.";
        if (StreamSelection.BurnSubtitle(source, request) is not null)
            return "App requested burned subtitles and conversion of video is required to burn subtitles.";
        return ProfileMismatch(source, request) ?? CapExceeded(source, request) ?? Limitation(source, request);
    }

    private static string? ProfileMismatch(MediaFacts source, DecisionRequest request)
    {
        var music = source.IsMusic;
        var kind = music ? "music" : "video";
        var type = music ? ClientProfileDefaults.MusicProfile : ClientProfileDefaults.VideoProfile;
        var video = source.Video?.Codec;
        var audio = source.Audio?.Codec;
        var candidates = request.Profile.DirectPlayProfiles
            .Where(p => p.Type == type && Matches(p.Containers, source.Container))
            .ToList();
        var head = $"No direct play {kind} profile exists for protocol {request.Protocol}, with container {source.Container}";

        if (music)
            return candidates.Any(p => Matches(p.AudioCodecs, audio)) ? null : $"{head}, and audio codec {audio ?? "none"}.";
        candidates = candidates.Where(p => Matches(p.VideoCodecs, video)).ToList();
        if (candidates.Count == 0) return $"{head}, and video codec {video}.";
        return candidates.Any(p => Matches(p.AudioCodecs, audio)) ? null : $"{head}, video codec {video}, and audio codec {audio}.";
    }

    private static string? CapExceeded(MediaFacts source, DecisionRequest request)
    {
        var video = source.Video;
        if (video is { Width: { } w, Height: { } h } && request is { MaxWidth: { } mw, MaxHeight: { } mh } && (w > mw || h > mh))
            return $"The video resolution {w}x{h} exceeds the maximum {mw}x{mh}.";

        var cap = source.IsMusic ? StreamSelection.MusicCapKbps(request) : request.VideoBitrateCapKbps;
        var bitrate = StreamSelection.SourceBitrateKbps(source);
        if (cap is not null && bitrate > cap) return $"Direct play requires {bitrate}kbps and only {cap}kbps is available.";

        var audio = source.Audio;
        if (audio?.Channels > request.AudioChannelCount)
            return $"The audio channel count {audio.Channels} exceeds the maximum {request.AudioChannelCount}.";
        if (audio is not null && request.AudioBoost is { } boost && boost != 100)
            return "App requested an audio boost and conversion of audio is required to apply it.";
        return null;
    }

    private static string? Limitation(MediaFacts source, DecisionRequest request)
    {
        var limits = request.Profile.Limitations;
        var video = source.Video is { } v ? LimitationEvaluator.FirstViolation(limits, LimitationEvaluator.VideoCodecScope, v) : null;
        if (video is not null) return video;
        var audioScope = source.IsMusic ? LimitationEvaluator.AudioCodecScope : LimitationEvaluator.VideoAudioCodecScope;
        return source.Audio is { } a ? LimitationEvaluator.FirstViolation(limits, audioScope, a) : null;
    }

    /// <summary>An empty list or '*' accepts anything; an absent source codec needs nothing.</summary>
    internal static bool Matches(IReadOnlyList<string> list, string? value) =>
        value is null || list.Count == 0 || list.Contains("*") || list.Contains(value, StringComparer.OrdinalIgnoreCase);
}
