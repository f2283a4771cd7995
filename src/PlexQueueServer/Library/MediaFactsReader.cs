using PlexQueueServer.Decisions;

namespace PlexQueueServer.Library;

/// <summary>Maps ffprobe output (cached JSON) into MediaFacts in Plex's vocabulary.</summary>
public static class MediaFactsReader
{
    public static MediaFacts FromProbeJson(string probeJson, string filePath, long sizeBytes) =>
        throw new NotImplementedException("stub: being written");
}
