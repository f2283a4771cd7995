using PlexQueueServer.Queue;

namespace PlexQueueServer.Tests.Queue;

/// <summary>
/// Two converters racing for one waiting item both hold it before the conditional claim; the loser lets go of its
/// own hold only, so the winner's running job still counts as held and the watchdog leaves it alone.
/// </summary>
public sealed class ClaimHoldTests
{
    [Fact]
    public void The_loser_of_a_claim_race_does_not_release_the_winners_hold()
    {
        var jobs = new TranscodeJobs();
        jobs.Hold(5, 0); // converter A
        jobs.Hold(5, 0); // converter B, same candidate
        jobs.Release(5, 0); // B's claim found the row already processing
        Assert.True(jobs.IsHeld(5, 0), "A's job is running: the watchdog must not requeue it");
        jobs.Release(5, 0); // A's job ended
        Assert.False(jobs.IsHeld(5, 0));
        jobs.Release(5, 0); // a stray release changes nothing
        Assert.False(jobs.IsHeld(5, 0));
        jobs.Hold(5, 1);
        Assert.False(jobs.IsHeld(5, 0));
        Assert.True(jobs.IsHeld(5, 1));
    }
}
