namespace PlexQueueServer.Decisions;

/// <summary>Which source streams a download uses when the request names none.</summary>
internal static class StreamSelection
{
    /// <summary>The subtitle a viewer would get: forced, else default, else the first.</summary>
    public static StreamFacts? Subtitle(MediaFacts source)
    {
        var subs = source.Streams.Where(s => s.Kind == StreamKind.Subtitle).ToList();
        return subs.FirstOrDefault(s => s.Forced) ?? subs.FirstOrDefault(s => s.Default) ?? subs.FirstOrDefault();
    }

    /// <summary>The subtitle to embed as text: the selected one if it is text, else the first text one.</summary>
    public static StreamFacts? TextSubtitle(MediaFacts source)
    {
        var selected = Subtitle(source);
        if (selected is not null && CodecSupport.TextSubtitles.Contains(selected.Codec)) return selected;
        return source.Streams.FirstOrDefault(s => s.Kind == StreamKind.Subtitle && CodecSupport.TextSubtitles.Contains(s.Codec));
    }

    /// <summary>Burning applies to video items only, and only when there is something to burn.</summary>
    public static StreamFacts? BurnSubtitle(MediaFacts source, DecisionRequest request) =>
        !source.IsMusic && request.Subtitles == "burn" ? Subtitle(source) : null;

    /// <summary>The overall bitrate, or the sum of the streams' when the container did not say.</summary>
    public static int? SourceBitrateKbps(MediaFacts source)
    {
        if (source.BitrateKbps is > 0) return source.BitrateKbps;
        var known = source.Streams.Where(s => s.BitrateKbps is > 0).ToList();
        return known.Count == 0 ? null : known.Sum(s => s.BitrateKbps!.Value);
    }

    public static int? MusicCapKbps(DecisionRequest request) => request.MusicBitrateKbps is > 0 ? request.MusicBitrateKbps : null;
}
