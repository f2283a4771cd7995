using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Cluster;

/// <summary>Values every instance must agree on (PostgreSQL): the first instance's value is stored, the others read it.</summary>
public static class SharedSettings
{
    public const string MachineIdentifier = "machineIdentifier";
    public const string AdminToken = "adminToken";

    /// <summary>The stored value, storing <paramref name="proposed"/> first when there is none; (value, whether ours was stored).</summary>
    public static async Task<(string Value, bool Created)> GetOrAddAsync(PlexDbContext db, string key, string proposed, CancellationToken ct)
    {
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Settings" ("Key", "Value") VALUES ({key}, {proposed}) ON CONFLICT ("Key") DO NOTHING""", ct);
        var value = await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).FirstAsync(ct);
        return (value, inserted == 1);
    }
}
