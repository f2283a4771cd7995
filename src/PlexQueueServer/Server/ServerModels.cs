using System.Text.Json.Serialization;

namespace PlexQueueServer.Server;

// GET / and GET /media/providers as PMS writes them; element names are spelled out (the naming policy would camelCase them).

public sealed record RootContainer([property: JsonPropertyName("MediaContainer")] RootBody MediaContainer);

/// <summary>The attributes clients read from PMS's root (python-plexapi's PlexServer, Plex apps' capability checks).</summary>
public sealed record RootBody
{
    public int Size { get; init; }
    public bool AllowCameraUpload { get; init; }
    public bool AllowChannelAccess { get; init; }
    public bool AllowMediaDeletion { get; init; }
    public bool AllowSharing { get; init; }
    public bool AllowSync { get; init; } = true;
    public bool AllowTuners { get; init; }
    public bool BackgroundProcessing { get; init; } = true;
    public bool Certificate { get; init; }
    public bool CompanionProxy { get; init; }
    /// <summary>/:/eventsource/notifications and /:/websockets/notifications answer (Notifications/).</summary>
    public bool EventStream { get; init; } = true;
    public required string FriendlyName { get; init; }
    public bool HubSearch { get; init; } = true;
    public bool ItemClusters { get; init; }
    public required string MachineIdentifier { get; init; }
    public bool MediaProviders { get; init; } = true;
    public bool Multiuser { get; init; } = true;
    public bool MyPlex { get; init; }
    public string MyPlexMappingState { get; init; } = "unknown";
    public string MyPlexSigninState { get; init; } = "none";
    public bool MyPlexSubscription { get; init; }
    public string MyPlexUsername { get; init; } = "";
    public bool OfflineTranscode { get; init; } = true;
    public string OwnerFeatures { get; init; } = "download-queue,sync";
    public bool PhotoAutoTag { get; init; }
    public required string Platform { get; init; }
    public required string PlatformVersion { get; init; }
    public bool PluginHost { get; init; }
    public bool PushNotifications { get; init; }
    public bool ReadOnlyLibraries { get; init; }
    public int StreamingBrainABRVersion { get; init; } = 3;
    public int StreamingBrainVersion { get; init; } = 2;
    public bool Sync { get; init; } = true;
    public int TranscoderActiveVideoSessions { get; init; }
    public bool TranscoderAudio { get; init; } = true;
    public bool TranscoderLyrics { get; init; }
    public bool TranscoderPhoto { get; init; } = true;
    public bool TranscoderSubtitles { get; init; } = true;
    public bool TranscoderVideo { get; init; } = true;
    public string TranscoderVideoBitrates { get; init; } = "64,96,208,320,720,1500,2000,3000,4000,8000,10000,12000,20000";
    public string TranscoderVideoQualities { get; init; } = "0,1,2,3,4,5,6,7,8,9,10,11,12";
    public string TranscoderVideoResolutions { get; init; } = "128,128,160,240,320,480,768,720,720,1080,1080,1080,1080";
    public long UpdatedAt { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    public bool Updater { get; init; }
    public required string Version { get; init; }
    public bool VoiceSearch { get; init; }
    [JsonPropertyName("Directory")] public required IReadOnlyList<RootDirectory> Directory { get; init; }
}

public sealed record RootDirectory(int Count, string Key, string Title);

public sealed record ProvidersContainer([property: JsonPropertyName("MediaContainer")] ProvidersBody MediaContainer);

public sealed record ProvidersBody
{
    public int Size { get; init; }
    public bool AllowCameraUpload { get; init; }
    public bool AllowChannelAccess { get; init; }
    public bool AllowSharing { get; init; }
    public bool AllowSync { get; init; } = true;
    public bool AllowTuners { get; init; }
    public bool BackgroundProcessing { get; init; } = true;
    public bool Certificate { get; init; }
    public bool CompanionProxy { get; init; }
    public required string FriendlyName { get; init; }
    /// <summary>Live TV tuners; a number in PMS (the spec SDK rejects a boolean).</summary>
    public int Livetv { get; init; }
    public required string MachineIdentifier { get; init; }
    public bool Multiuser { get; init; } = true;
    public bool MyPlex { get; init; }
    public bool OfflineTranscode { get; init; } = true;
    public string OwnerFeatures { get; init; } = "download-queue,sync";
    public required string Platform { get; init; }
    public required string PlatformVersion { get; init; }
    public int TranscoderActiveVideoSessions { get; init; }
    public bool TranscoderAudio { get; init; } = true;
    public bool TranscoderVideo { get; init; } = true;
    public required string Version { get; init; }
    [JsonPropertyName("MediaProvider")] public required IReadOnlyList<MediaProvider> MediaProvider { get; init; }
}

public sealed record MediaProvider
{
    public string Identifier { get; init; } = "com.plexapp.plugins.library";
    public string Title { get; init; } = "Library";
    public string Types { get; init; } = "video,audio,photo";
    public string Protocols { get; init; } = "stream,download";
    [JsonPropertyName("Feature")] public required IReadOnlyList<ProviderFeature> Feature { get; init; }
}

public sealed record ProviderFeature
{
    public required string Key { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("Directory")] public IReadOnlyList<ProviderDirectory>? Directory { get; init; }
}

/// <summary>A section as the content feature lists it: key is the full path here, id the number (PMS does both).</summary>
public sealed record ProviderDirectory
{
    public required string Id { get; init; }
    public required string Key { get; init; }
    public required string HubKey { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    public required string Title { get; init; }
    public required string Agent { get; init; }
    public required string Scanner { get; init; }
    public string Language { get; init; } = "en-US";
    public required string Uuid { get; init; }
    public bool Refreshing { get; init; }
    public long? UpdatedAt { get; init; }
    public long? ScannedAt { get; init; }
}
