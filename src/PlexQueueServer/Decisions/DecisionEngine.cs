namespace PlexQueueServer.Decisions;

/// <summary>The playback decision: a pure function of source media and request. No HTTP, database or ffmpeg.</summary>
public static class DecisionEngine
{
    public static PlaybackDecision Decide(MediaFacts source, DecisionRequest request) =>
        throw new NotImplementedException("stub: the decision engine is being written");
}
