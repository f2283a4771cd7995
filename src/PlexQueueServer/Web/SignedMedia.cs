using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Web;

/// <summary>
/// Download links a browser can follow without the token: /web/download/{queue}/{item}?expires=…&amp;signature=…,
/// an HMAC over owner, queue, item and expiry with a per-server secret. Accepted only by that route, only for that
/// item, only until it expires; the file is then served by the media route's own handler (Range, HEAD, streaming).
/// </summary>
public sealed class MediaLinkSigner
{
    public const string KeyFileName = "web-link.key";
    public const string SharedKeySetting = "webLinkKey";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private byte[] _key;

    public MediaLinkSigner(ResolvedPaths paths, Cluster.ClusterInstance cluster)
    {
        // PostgreSQL: one key in the database for every instance (LoadSharedAsync, at start), so a link signed by one api
        // instance is accepted by another behind the same balancer. Until then, and on SQLite, the data folder's.
        if (cluster.IsPostgres) { _key = RandomNumberGenerator.GetBytes(32); return; }
        // Kept in the data folder: links survive a restart, and instances sharing the folder agree.
        var file = Path.Combine(paths.DataPath, KeyFileName);
        if (Read(file) is { Length: >= 32 } stored) { _key = stored; return; }
        _key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(file, Convert.ToHexStringLower(_key));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>PostgreSQL: the key every instance signs with, stored by the first instance to start.</summary>
    public async Task LoadSharedAsync(PlexDbContext db, CancellationToken ct)
    {
        var (value, _) = await Cluster.SharedSettings.GetOrAddAsync(db, SharedKeySetting, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), ct);
        try { _key = Convert.FromHexString(value); }
        catch (FormatException) { } // a hand-edited value: this instance keeps its own key (its links work only on it)
    }

    /// <summary>The stored key; null when missing or unreadable (a new one replaces it: only outstanding links die).</summary>
    private static byte[]? Read(string file)
    {
        try { return File.Exists(file) ? Convert.FromHexString(File.ReadAllText(file).Trim()) : null; }
        catch (FormatException) { return null; }
    }

    public string Sign(int accountId, int queueId, int itemId, long expires) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{accountId}:{queueId}:{itemId}:{expires}")));

    public bool Verify(int accountId, int queueId, int itemId, long expires, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(accountId, queueId, itemId, expires)), Encoding.ASCII.GetBytes(signature));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record MediaLinkContainer(MediaLink MediaContainer);

public sealed record MediaLink(int Size, string Url, long Expires);

public static class SignedMedia
{
    public static IEndpointRouteBuilder MapSignedMedia(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/web/api/link/{queueId:int}/{itemId:int}", CreateLink).ExcludeFromDescription();
        routes.MapMethods("/web/download/{queueId:int}/{itemId:int}", [HttpMethods.Get, HttpMethods.Head], Download)
            .AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    /// <summary>Minted for the signed-in owner only, and only for an item that exists.</summary>
    private static async Task<IResult> CreateLink(int queueId, int itemId, HttpContext context, DownloadQueueService queues,
        MediaLinkSigner signer, CancellationToken ct)
    {
        var user = context.PlexUser();
        if (await queues.FindOwnedAsync(user, queueId, ct) is null) return PlexResults.NotFound($"No download queue {queueId} for this user.");
        if ((await queues.FindItemsAsync(queueId, [itemId], ct)).Count == 0) return PlexResults.NotFound($"No item {itemId} in queue {queueId}.");
        var expires = DateTimeOffset.UtcNow.Add(MediaLinkSigner.Lifetime).ToUnixTimeSeconds();
        var url = $"/web/download/{queueId}/{itemId}?expires={expires}&signature={signer.Sign(user.AccountId, queueId, itemId, expires)}";
        return PlexResults.Ok(new MediaLinkContainer(new MediaLink(1, url, expires)));
    }

    private static async Task<IResult> Download(int queueId, int itemId, HttpContext context, PlexDbContext db, MediaLinkSigner signer,
        IServiceProvider services, CancellationToken ct)
    {
        var query = context.Request.Query;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!long.TryParse(query["expires"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || query["signature"].FirstOrDefault() is not { Length: > 0 and < 100 } signature)
            return PlexResults.Error(StatusCodes.Status403Forbidden, "This download link is not signed.");
        // A link from the future beyond its lifetime was not minted here.
        if (expires < now || expires > now + (long)MediaLinkSigner.Lifetime.TotalSeconds + 60)
            return PlexResults.Error(StatusCodes.Status403Forbidden, "This download link has expired; ask the page for a new one.");
        var owner = (await services.GetRequiredService<QueueOwners>().FindAsync(db, queueId, ct))?.AccountId;
        if (owner is null || !signer.Verify(owner.Value, queueId, itemId, expires, signature))
            return PlexResults.Error(StatusCodes.Status403Forbidden, "This download link is not valid for this item.");
        // The owner, as the signature proved: the media handler checks ownership and serves the file as for a token.
        context.Items[typeof(PlexUser)] = new PlexUser(owner.Value, "");
        return await MediaApi.GetMedia(queueId, itemId, context, services.GetRequiredService<DownloadQueueService>(),
            services.GetRequiredService<TranscodeJobs>(), services.GetRequiredService<Library.LibrarySections>(),
            services.GetRequiredService<ResolvedPaths>(), services.GetRequiredService<ILoggerFactory>(), ct);
    }
}
