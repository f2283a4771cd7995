namespace PlexQueueServer.Decisions;

/// <summary>The built-in "Generic" profile every request starts from.</summary>
public static class ClientProfileDefaults
{
    public const string VideoProfile = "videoProfile";
    public const string MusicProfile = "musicProfile";

    public static readonly ClientProfile Generic = new()
    {
        DirectPlayProfiles =
        [
            new DirectPlayProfile { Type = VideoProfile, Containers = ["mp4", "m4v", "mov"], VideoCodecs = ["h264"], AudioCodecs = ["aac", "mp3"] },
            new DirectPlayProfile { Type = MusicProfile, Containers = ["mp3"], AudioCodecs = ["mp3"] },
            new DirectPlayProfile { Type = MusicProfile, Containers = ["m4a", "mp4"], AudioCodecs = ["aac"] },
        ],
        TranscodeTargets =
        [
            new TranscodeTarget { Type = VideoProfile, Container = "mp4", VideoCodecs = ["h264"], AudioCodecs = ["aac"], SubtitleCodecs = ["mov_text"] },
            new TranscodeTarget { Type = MusicProfile, Container = "mp3", AudioCodecs = ["mp3"] },
        ],
    };

    /// <summary>Browsers play webm (VP8/VP9/AV1 with Opus/Vorbis) natively, so their downloads need not convert it.</summary>
    public static readonly IReadOnlySet<string> WebmPlatforms =
        new HashSet<string>(["Chrome", "Firefox", "Edge", "Opera"], StringComparer.OrdinalIgnoreCase);

    public static readonly ClientProfile Browser = Generic with
    {
        DirectPlayProfiles =
        [
            .. Generic.DirectPlayProfiles,
            new DirectPlayProfile { Type = VideoProfile, Containers = ["webm"], VideoCodecs = ["vp9", "vp8", "av1"], AudioCodecs = ["opus", "vorbis"] },
            new DirectPlayProfile { Type = MusicProfile, Containers = ["ogg", "webm"], AudioCodecs = ["opus", "vorbis"] },
        ],
    };

    /// <summary>The profile a client gets when it names none: browsers add webm; every other platform gets Generic.</summary>
    public static ClientProfile ForPlatform(string? platform) =>
        platform is not null && WebmPlatforms.Contains(platform) ? Browser : Generic;
}
