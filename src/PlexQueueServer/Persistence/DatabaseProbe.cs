using Microsoft.EntityFrameworkCore;

namespace PlexQueueServer.Persistence;

/// <summary>Readiness of the database for what the queue does: read, and take the write lock and write.</summary>
public static class DatabaseProbe
{
    /// <summary>
    /// A read of a migrated table, then a write that changes nothing: a locked (SQLITE_BUSY), read-only or full database
    /// fails here within a few seconds instead of passing a read-only check.
    /// </summary>
    public static async Task<(bool Ok, string Detail)> CheckAsync(PlexDbContext db, CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromSeconds(3));
        try
        {
            var accounts = await db.Accounts.CountAsync(ct);
            // Any UPDATE takes SQLite's write lock (bounded by the 3 s timeout), so a held lock or read-only file fails here.
            // No explicit transaction: its BEGIN IMMEDIATE would wait the connection's 30 s default instead.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Accounts\" SET \"Name\" = \"Name\" WHERE \"Id\" = (SELECT MIN(\"Id\") FROM \"Accounts\")", ct);
            return (true, $"{accounts} account(s), writable");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (false, e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "));
        }
        finally { db.Database.SetCommandTimeout((int?)null); }
    }
}
