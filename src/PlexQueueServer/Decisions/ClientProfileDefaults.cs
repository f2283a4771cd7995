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
}
