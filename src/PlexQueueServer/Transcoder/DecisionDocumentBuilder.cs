using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Decisions;
using PlexQueueServer.Library;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Transcoder;

/// <summary>MediaContainerWithDecision: the codes, then the item's full metadata with the decision's Media.</summary>
public sealed record DecisionContainer([property: JsonPropertyName("MediaContainer")] DecisionBody MediaContainer);

public sealed record DecisionBody
{
    public int Size { get; init; }
    public bool AllowSync { get; init; } = true;
    public string Identifier { get; init; } = "com.plexapp.plugins.library";
    public int? LibrarySectionID { get; init; }
    public string? LibrarySectionTitle { get; init; }
    public string? LibrarySectionUUID { get; init; }
    public required string ResourceSession { get; init; }
    public int? AvailableBandwidth { get; init; }
    public required int GeneralDecisionCode { get; init; }
    public required string GeneralDecisionText { get; init; }
    public int? DirectPlayDecisionCode { get; init; }
    public string? DirectPlayDecisionText { get; init; }
    public int? TranscodeDecisionCode { get; init; }
    public string? TranscodeDecisionText { get; init; }
    [JsonPropertyName("Metadata")] public IReadOnlyList<PlexMetadata>? Metadata { get; init; }
}

/// <summary>
/// Builds the decision document for the queue's decision route and the universal decision route alike:
/// Metadata → Media (selected) → Part (decision) → Stream (decision, location). Direct play keeps the
/// Part's key/file/size; a conversion describes the output instead.
/// </summary>
public sealed class DecisionDocumentBuilder(LibraryCatalog catalog, LibrarySections sections, PlexDbContext db)
{
    /// <summary>The document for a rating key's decision (a queued item's), looking the item up unless nothing will be made.</summary>
    public async Task<DecisionContainer> BuildAsync(int ratingKey, PlaybackDecision decision, string resourceSession, CancellationToken ct)
    {
        var playable = decision.Method == PlaybackMethod.None ? null : await catalog.FindPlayableAsync(ratingKey, ct);
        return await BuildAsync(playable?.Item, playable?.Facts, decision, resourceSession, ct);
    }

    /// <summary>The document for an item and its facts (both null when the key names nothing playable); section from the item.</summary>
    public async Task<DecisionContainer> BuildAsync(MetadataItem? item, MediaFacts? facts, PlaybackDecision decision,
        string resourceSession, CancellationToken ct)
    {
        var codes = decision.Codes;
        var section = item is null ? null : sections.Find(item.SectionId);
        PlexMetadata? metadata = null;
        // Nothing will be made when neither direct play nor conversion works: no Media to describe.
        if (item is not null && facts is not null && decision.Method != PlaybackMethod.None)
        {
            var parent = item.ParentId is { } p ? await db.Metadata.AsNoTracking().FirstOrDefaultAsync(m => m.Id == p, ct) : null;
            var grandparent = parent?.ParentId is { } g ? await db.Metadata.AsNoTracking().FirstOrDefaultAsync(m => m.Id == g, ct) : null;
            var full = MetadataMapper.ToPlex(item, section, parent, grandparent, facts, null);
            metadata = full.Media is [var media] ? full with { Media = [Media(media, facts, decision)] } : full;
        }
        return new DecisionContainer(new DecisionBody
        {
            Size = metadata is null ? 0 : 1,
            LibrarySectionID = item?.SectionId,
            LibrarySectionTitle = section?.Title,
            LibrarySectionUUID = section?.Uuid,
            ResourceSession = resourceSession,
            AvailableBandwidth = codes.AvailableBandwidth,
            GeneralDecisionCode = codes.GeneralCode,
            GeneralDecisionText = codes.GeneralText,
            DirectPlayDecisionCode = codes.DirectPlayCode,
            DirectPlayDecisionText = codes.DirectPlayText,
            TranscodeDecisionCode = codes.TranscodeCode,
            TranscodeDecisionText = codes.TranscodeText,
            Metadata = metadata is null ? null : [metadata],
        });
    }

    private static PlexMedia Media(PlexMedia media, MediaFacts source, PlaybackDecision decision)
    {
        var direct = decision.Method == PlaybackMethod.DirectPlay;
        var part = media.Part[0];
        var streams = decision.Streams
            .Select(plan => (plan, mapped: part.Stream.FirstOrDefault(s => s.Index == plan.SourceIndex || s.Id == SidecarSubtitles.StreamIdOfSource(plan.SourceIndex))))
            .Where(x => x.mapped is not null)
            .Select(x => Stream(x.plan, x.mapped!))
            .ToList();
        var video = streams.FirstOrDefault(s => s is { StreamType: (int)StreamKind.Video, Ignore: null });
        var audio = streams.FirstOrDefault(s => s is { StreamType: (int)StreamKind.Audio, Ignore: null });
        var decided = part with
        {
            Decision = direct ? "directplay" : StreamDecision.Transcode.ToPlex(),
            Selected = true,
            Container = decision.Container,
            Stream = streams,
        };
        if (!direct) decided = decided with { Key = null, File = null, Size = null, Exists = null, Accessible = null };
        return media with
        {
            Selected = true,
            Container = decision.Container,
            // A conversion's overall rate is the sum of what it writes (unknown when any stream is quality-based).
            Bitrate = direct ? source.BitrateKbps : streams.Where(s => s.Ignore is null && s.StreamType != (int)StreamKind.Subtitle)
                .Aggregate((int?)0, (sum, s) => sum is null || s.Bitrate is null ? null : sum + s.Bitrate),
            Width = video?.Width,
            Height = video?.Height,
            VideoResolution = video?.Height is { } h ? MetadataMapper.Resolution(h) : null,
            VideoCodec = video?.Codec,
            VideoProfile = video?.Decision == StreamDecision.Transcode.ToPlex() ? null : media.VideoProfile,
            AudioCodec = audio?.Codec,
            AudioChannels = audio?.Channels,
            AudioProfile = audio?.Decision == StreamDecision.Transcode.ToPlex() ? null : media.AudioProfile,
            Part = [decided],
        };
    }

    private static PlexStream Stream(StreamPlan plan, PlexStream source)
    {
        var transcoded = plan.Decision == StreamDecision.Transcode;
        var ignored = plan.Decision == StreamDecision.Ignore;
        var stream = source with
        {
            Decision = plan.Decision.ToPlex(),
            Location = ignored ? null : plan.Location,
            Selected = !ignored,
            Burn = plan.Decision == StreamDecision.Burn ? "1" : null,
            Ignore = ignored ? "1" : null,
        };
        if (!transcoded) return stream;
        return stream with
        {
            Codec = plan.Codec,
            Width = plan.Kind == StreamKind.Video ? plan.Width ?? source.Width : null,
            Height = plan.Kind == StreamKind.Video ? plan.Height ?? source.Height : null,
            Bitrate = plan.BitrateKbps,
            Channels = plan.Kind == StreamKind.Audio ? plan.Channels ?? source.Channels : null,
            AudioChannelLayout = plan.Kind == StreamKind.Audio && plan.Channels != source.Channels ? null : source.AudioChannelLayout,
            Profile = null,
            Level = null,
            BitDepth = plan.Kind == StreamKind.Video ? 8 : source.BitDepth,
            ColorTrc = plan.ToneMap ? "bt709" : source.ColorTrc,
        };
    }
}
