namespace PlexQueueServer.Decisions;

/// <summary>The playback decision: a pure function of source media and request. No HTTP, database or ffmpeg.</summary>
public static class DecisionEngine
{
    /// <summary>Downloads are whole files over HTTP: hls/dash targets are kept in the profile but never used here.</summary>
    public const string DownloadProtocol = "http";

    public static PlaybackDecision Decide(MediaFacts source, DecisionRequest request)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        var bandwidth = source.IsMusic ? StreamSelection.MusicCapKbps(request) : request.VideoBitrateCapKbps;

        var why = DirectPlayRules.WhyNot(source, request);
        if (why is null) return DirectPlay(source, bandwidth);
        var directPlayText = DecisionCodeTexts.DirectPlayPrefix + why;

        var type = source.IsMusic ? ClientProfileDefaults.MusicProfile : ClientProfileDefaults.VideoProfile;
        var usable = request.Profile.TranscodeTargets
            .Where(t => t.Type == type && t.Protocol == DownloadProtocol && t.Context is "static" or "streaming")
            .ToList();
        if (usable.Count == 0)
            return None(source, bandwidth, directPlayText, DecisionCodeTexts.NoConversionProfile,
                $"No conversion profile found for protocol {DownloadProtocol}.");

        // The first target we can write a file for; a client may list containers we cannot mux.
        var target = usable.FirstOrDefault(t => CodecSupport.Containers.Contains(t.Container));
        if (target is null)
            return None(source, bandwidth, directPlayText, DecisionCodeTexts.EncoderNotFound,
                $"Implementation for muxer '{Bounded(usable[0].Container)}' not found.");

        var plan = ConversionPlanner.Plan(source, request, target);
        if (plan.MissingEncoder is not null)
            return None(source, bandwidth, directPlayText, DecisionCodeTexts.EncoderNotFound,
                $"Implementation for {plan.MissingEncoder} not found.");

        // All-copy plans are remuxes: still a conversion, because the container changes.
        return new PlaybackDecision
        {
            Method = PlaybackMethod.Convert,
            Container = target.Container,
            Streams = plan.Streams,
            Codes = new DecisionCodes
            {
                GeneralCode = DecisionCodeTexts.ConversionOk,
                GeneralText = DecisionCodeTexts.ConversionOkText,
                DirectPlayCode = DecisionCodeTexts.DirectPlayNotAvailable,
                DirectPlayText = directPlayText,
                TranscodeCode = DecisionCodeTexts.ConversionOk,
                TranscodeText = DecisionCodeTexts.ConversionOkText,
                AvailableBandwidth = bandwidth,
            },
        };
    }

    private static PlaybackDecision DirectPlay(MediaFacts source, int? bandwidth) => new()
    {
        Method = PlaybackMethod.DirectPlay,
        Container = source.Container,
        Streams = source.Streams.Select(s => Plan(s, StreamDecision.Copy) with { Location = s.ExternalPath is null ? "direct" : "sidecar-subs" }).ToList(),
        Codes = new DecisionCodes
        {
            GeneralCode = DecisionCodeTexts.DirectPlayOk,
            GeneralText = DecisionCodeTexts.DirectPlayOkText,
            DirectPlayCode = DecisionCodeTexts.DirectPlayOk,
            DirectPlayText = DecisionCodeTexts.DirectPlayOkText,
            AvailableBandwidth = bandwidth,
        },
    };

    private static PlaybackDecision None(MediaFacts source, int? bandwidth, string directPlayText, int code, string reason) => new()
    {
        Method = PlaybackMethod.None,
        Container = source.Container,
        Streams = source.Streams.Select(s => Plan(s, StreamDecision.Ignore)).ToList(),
        Codes = new DecisionCodes
        {
            GeneralCode = DecisionCodeTexts.NothingAvailable,
            GeneralText = DecisionCodeTexts.NothingAvailableText,
            DirectPlayCode = DecisionCodeTexts.DirectPlayNotAvailable,
            DirectPlayText = directPlayText,
            TranscodeCode = code,
            TranscodeText = DecisionCodeTexts.ConversionPrefix + reason,
            AvailableBandwidth = bandwidth,
        },
    };

    private static StreamPlan Plan(StreamFacts s, StreamDecision decision) => new()
    {
        SourceIndex = s.Index, Kind = s.Kind, SourceCodec = s.Codec, Decision = decision, Codec = s.Codec,
        Width = s.Width, Height = s.Height, BitrateKbps = s.BitrateKbps, Channels = s.Channels,
    };

    private static string Bounded(string token) => token.Length > 32 ? token[..32] : token;
}
