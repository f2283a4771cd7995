using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Decisions;
using PlexQueueServer.Library;

namespace PlexQueueServer.Queue;

/// <summary>
/// The decision route's MediaContainer: codes, then Metadata → Media (selected) → Part (decision) →
/// Stream (decision, location). Direct play keeps the Part's key/file/size; a conversion describes the output.
/// </summary>
public sealed class DecisionDocumentBuilder(LibraryCatalog catalog, IOptions<LibraryOptions> library)
{
    public async Task<object> BuildAsync(DownloadQueueItem item, PlaybackDecision decision, CancellationToken ct)
    {
        var playable = decision.Method == PlaybackMethod.None ? null : await catalog.FindPlayableAsync(item.RatingKey, ct);
        var codes = decision.Codes;
        var section = playable is { } p ? library.Value.Sections.ElementAtOrDefault(p.Item.SectionId - 1) : null;
        return new
        {
            MediaContainer = new
            {
                size = playable is null ? 0 : 1,
                allowSync = true,
                identifier = "com.plexapp.plugins.library",
                librarySectionID = playable?.Item.SectionId,
                librarySectionTitle = section?.Title,
                resourceSession = $"{item.Id}-{item.Attempt}",
                availableBandwidth = codes.AvailableBandwidth,
                generalDecisionCode = codes.GeneralCode,
                generalDecisionText = codes.GeneralText,
                directPlayDecisionCode = codes.DirectPlayCode,
                directPlayDecisionText = codes.DirectPlayText,
                transcodeDecisionCode = codes.TranscodeCode,
                transcodeDecisionText = codes.TranscodeText,
                Metadata = playable is { } found ? new[] { Metadata(found.Item, found.Facts, decision) } : null,
            },
        };
    }

    private static object Metadata(MetadataItem item, MediaFacts source, PlaybackDecision decision)
    {
        var direct = decision.Method == PlaybackMethod.DirectPlay;
        var video = decision.Video;
        var audio = decision.Audio;
        var streams = decision.Streams.Select(plan => Stream(plan, source.Streams.FirstOrDefault(s => s.Index == plan.SourceIndex))).ToArray();
        return new
        {
            ratingKey = item.Id.ToString(),
            key = $"/library/metadata/{item.Id}",
            type = item.Type,
            title = item.Title,
            year = item.Year,
            duration = source.DurationMs,
            librarySectionID = item.SectionId,
            Media = new[]
            {
                new
                {
                    id = item.Id,
                    selected = true,
                    container = decision.Container,
                    duration = source.DurationMs,
                    bitrate = direct ? source.BitrateKbps : null,
                    width = video?.Width ?? source.Video?.Width,
                    height = video?.Height ?? source.Video?.Height,
                    videoCodec = video?.Codec,
                    audioCodec = audio?.Codec,
                    audioChannels = audio?.Channels ?? source.Audio?.Channels,
                    Part = new[]
                    {
                        new
                        {
                            id = item.Id,
                            decision = direct ? "directplay" : "transcode",
                            selected = true,
                            container = decision.Container,
                            duration = source.DurationMs,
                            key = direct ? $"/library/parts/{item.Id}/file.{Path.GetExtension(item.FilePath)?.TrimStart('.')}" : null,
                            file = direct ? item.FilePath : null,
                            size = direct ? item.FileSize : (long?)null,
                            Stream = streams,
                        },
                    },
                },
            },
        };
    }

    private static object Stream(StreamPlan plan, StreamFacts? source) => new
    {
        id = plan.SourceIndex + 1,
        index = plan.SourceIndex,
        streamType = (int)plan.Kind,
        codec = plan.Decision == "copy" || plan.Decision == "ignore" ? plan.SourceCodec : plan.Codec,
        decision = plan.Decision,
        location = plan.Decision == "ignore" ? null : plan.Location,
        width = plan.Kind == StreamKind.Video ? plan.Width ?? source?.Width : null,
        height = plan.Kind == StreamKind.Video ? plan.Height ?? source?.Height : null,
        bitrate = plan.BitrateKbps ?? source?.BitrateKbps,
        channels = plan.Kind == StreamKind.Audio ? plan.Channels ?? source?.Channels : null,
        language = source?.Language,
        selected = plan.Decision != "ignore",
        burn = plan.Decision == "burn" ? "1" : null,
        ignore = plan.Decision == "ignore" ? "1" : null,
    };
}
