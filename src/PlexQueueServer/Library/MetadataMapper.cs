using System.Globalization;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Library;

/// <summary>Rows and probe facts → Plex Metadata/Media/Part/Stream. Media id = part id = metadata id.</summary>
public static class MetadataMapper
{
    public static string KeyOf(int id) => $"/library/metadata/{id}";

    public static PlexMetadata ToPlex(MetadataItem item, LibrarySection? section, MetadataItem? parent, MetadataItem? grandparent,
        MediaFacts? facts, int? childCount, IReadOnlyList<SidecarSubtitle>? sidecars = null)
    {
        var id = item.Id.ToString(CultureInfo.InvariantCulture);
        return ArtworkFields.Add(item, section, parent, grandparent, new PlexMetadata
        {
            RatingKey = id,
            // Containers list their children, as Plex does; playable items point at themselves.
            Key = item.FilePath is null ? $"{KeyOf(item.Id)}/children" : KeyOf(item.Id),
            Type = item.Type,
            Title = item.Title,
            Year = item.Year,
            Index = item.Index,
            Duration = item.FilePath is null ? null : item.DurationMs,
            LibrarySectionID = item.SectionId,
            LibrarySectionTitle = section?.Title,
            LibrarySectionKey = $"/library/sections/{item.SectionId}",
            ParentRatingKey = parent?.Id.ToString(CultureInfo.InvariantCulture),
            ParentKey = parent is null ? null : KeyOf(parent.Id),
            ParentTitle = parent?.Title,
            ParentIndex = parent?.Index,
            GrandparentRatingKey = grandparent?.Id.ToString(CultureInfo.InvariantCulture),
            GrandparentKey = grandparent is null ? null : KeyOf(grandparent.Id),
            GrandparentTitle = grandparent?.Title,
            ChildCount = item.FilePath is null ? childCount : null,
            AddedAt = Unix(item.AddedAt),
            UpdatedAt = Unix(item.UpdatedAt),
            Media = facts is null || item.FilePath is null ? null : [ToMedia(item, facts, sidecars ?? [])],
        });
    }

    private static PlexMedia ToMedia(MetadataItem item, MediaFacts facts, IReadOnlyList<SidecarSubtitle> sidecars)
    {
        var video = facts.Video;
        var audio = facts.Audio;
        var ext = Path.GetExtension(item.FilePath!).TrimStart('.').ToLowerInvariant();
        return new PlexMedia
        {
            Id = item.Id,
            Duration = facts.DurationMs,
            Bitrate = facts.BitrateKbps,
            Width = video?.Width,
            Height = video?.Height,
            AspectRatio = video is { Width: > 0, Height: > 0 } ? Math.Round((double)video.Width.Value / video.Height.Value, 2) : null,
            AudioChannels = audio?.Channels,
            AudioCodec = audio?.Codec,
            VideoCodec = video?.Codec,
            VideoResolution = video?.Height is { } h ? Resolution(h) : null,
            Container = facts.Container,
            VideoFrameRate = video?.FrameRate is { } fps ? FrameRateName(fps) : null,
            VideoProfile = video?.Profile,
            AudioProfile = audio?.Profile,
            Part =
            [
                new PlexPart
                {
                    Id = item.Id,
                    Key = $"/library/parts/{item.Id}/{Unix(item.UpdatedAt)}/file.{ext}",
                    Duration = facts.DurationMs,
                    File = item.FilePath!,
                    Size = item.FileSize,
                    Container = facts.Container,
                    Exists = true,
                    Accessible = true,
                    Stream = facts.Streams.Select(s => SidecarSubtitles.ToStream(s) ?? ToStream(item.Id, s, s == video || s == audio))
                        .Concat(sidecars.Select(SidecarSubtitles.ToStream)).ToList(),
                },
            ],
        };
    }

    private static PlexStream ToStream(int itemId, StreamFacts s, bool selected)
    {
        var id = (long)itemId * 1000 + s.Index; // stable and unique per file without a table of its own; x999 is kept for sidecars
        return new PlexStream
        {
            Id = id,
            StreamType = (int)s.Kind,
            Index = s.Index,
            Codec = s.Codec,
            DisplayTitle = DisplayTitle(s),
            Title = s.Title,
            Default = s.Default,
            Selected = selected,
            Forced = s.Forced,
            Width = s.Width,
            Height = s.Height,
            FrameRate = s.FrameRate,
            Bitrate = s.BitrateKbps,
            Channels = s.Channels,
            AudioChannelLayout = s.ChannelLayout,
            SamplingRate = s.SamplingRate,
            Language = s.Language is null ? null : LanguageName(s.Language),
            LanguageCode = s.Language,
            Profile = s.Profile,
            Level = s.Level,
            BitDepth = s.BitDepth,
            ColorTrc = s.ColorTransfer,
        };
    }

    /// <summary>Plex's buckets: 4k, 1080, 720, 480, sd.</summary>
    public static string Resolution(int height) => height switch
    {
        >= 1500 => "4k",
        >= 900 => "1080",
        >= 650 => "720",
        >= 450 => "480",
        _ => "sd",
    };

    public static string FrameRateName(double fps) => fps switch
    {
        > 23 and < 24.5 => "24p",
        > 24.5 and < 25.5 => "PAL",
        > 29 and < 30.5 => "NTSC",
        > 49 and < 50.5 => "50p",
        > 59 and < 60.5 => "60p",
        _ => Math.Round(fps).ToString(CultureInfo.InvariantCulture) + "p",
    };

    private static string DisplayTitle(StreamFacts s)
    {
        var lang = s.Language is null ? null : LanguageName(s.Language);
        var codec = s.Codec.ToUpperInvariant();
        return s.Kind switch
        {
            StreamKind.Video => s.Height is { } h ? $"{(Resolution(h) is "sd" or "4k" ? Resolution(h).ToUpperInvariant() : Resolution(h) + "p")} ({codec})" : codec,
            StreamKind.Audio => $"{lang ?? "Unknown"} ({codec} {Layout(s.Channels)})",
            _ => $"{lang ?? "Unknown"} ({codec}){(s.Forced ? " Forced" : "")}",
        };
    }

    private static string Layout(int? channels) => channels switch { 1 => "Mono", 2 => "Stereo", 6 => "5.1", 8 => "7.1", { } n => $"{n}ch", _ => "" };

    private static string LanguageName(string code)
    {
        try { return CultureInfo.GetCultureInfo(code).EnglishName; }
        catch (CultureNotFoundException) { return code; }
    }

    public static long Unix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
