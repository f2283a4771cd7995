using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Conversion;

/// <summary>The test server with the extra clips (srt subtitle, 5.1 audio) in its movies section too.</summary>
public sealed class PlanMediaFactory : PlexServerFactory
{
    public PlanMediaFactory() => TestMedia.CopyTo(TestMedia.ExtraMovies, MoviesPath);
}
