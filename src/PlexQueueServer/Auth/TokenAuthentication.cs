using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Auth;

/// <summary>Admin: the generated admin, or a user configured with Auth:Users:N:Admin=true (the web app's admin view).</summary>
public sealed record PlexUser(int AccountId, string Name, bool Admin = false);

/// <summary>Tokens from configuration, or one generated at first start and kept in the data folder.</summary>
public sealed class TokenStore(IOptions<AuthOptions> options, ResolvedPaths paths, Cluster.ClusterInstance cluster, ILogger<TokenStore> logger)
{
    private (byte[] Hash, PlexUser User)[] _tokens = [];

    public const string TokenFileName = "token";

    public async Task InitializeAsync(PlexDbContext db, CancellationToken ct)
    {
        var users = options.Value.Users.Where(u => !string.IsNullOrWhiteSpace(u.Token)).ToList();
        if (users.Count == 0)
            users.Add(new AuthUserOptions { Name = "admin", Token = cluster.IsPostgres ? await SharedTokenAsync(db, ct) : await LoadOrCreateTokenAsync(ct), Admin = true });

        var entries = new List<(byte[], PlexUser)>();
        foreach (var user in users)
        {
            var name = string.IsNullOrWhiteSpace(user.Name) ? "user" : user.Name.Trim();
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.Name == name, ct);
            if (account is null)
            {
                account = new Account { Name = name };
                db.Accounts.Add(account);
                await db.SaveChangesAsync(ct);
            }
            entries.Add((Hash(user.Token), new PlexUser(account.Id, account.Name, user.Admin)));
        }
        _tokens = entries.ToArray();
    }

    private async Task<string> LoadOrCreateTokenAsync(CancellationToken ct)
    {
        var file = Path.Combine(paths.DataPath, TokenFileName);
        if (File.Exists(file)) return (await File.ReadAllTextAsync(file, ct)).Trim();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(file, token, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Logged once, at creation; later starts only say where the file is.
        logger.LogWarning("No users configured: generated admin token {Token} (kept in {TokenFile})", token, file);
        return token;
    }

    /// <summary>PostgreSQL: one generated admin token in the database for every instance; also written to this instance's token file.</summary>
    private async Task<string> SharedTokenAsync(PlexDbContext db, CancellationToken ct)
    {
        var (token, created) = await Cluster.SharedSettings.GetOrAddAsync(db, Cluster.SharedSettings.AdminToken, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), ct);
        var file = Path.Combine(paths.DataPath, TokenFileName);
        await File.WriteAllTextAsync(file, token, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (created) logger.LogWarning("No users configured: generated admin token {Token} (kept in the database and in {TokenFile})", token, file);
        return token;
    }

    /// <summary>Compares hashes in constant time against every token, so timing reveals nothing.</summary>
    public PlexUser? Find(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096) return null;
        var hash = Hash(token);
        PlexUser? found = null;
        foreach (var (candidate, user) in _tokens)
            if (CryptographicOperations.FixedTimeEquals(candidate, hash)) found = user;
        return found;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>
/// 401 without a valid X-Plex-Token (header or query) on every route but the open ones: those whose endpoint
/// carries AllowAnonymous (identity, health, the OpenAPI document), the one declaration the OpenAPI document
/// reads too. Swagger UI's files are served by its own middleware before this one.
/// </summary>
public sealed class TokenAuthenticationMiddleware(RequestDelegate next, TokenStore tokens)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
        {
            await next(context);
            await ExplainEmptyRefusalAsync(context);
            return;
        }
        var token = context.Request.Headers["X-Plex-Token"].FirstOrDefault() ?? context.Request.Query["X-Plex-Token"].FirstOrDefault();
        var user = tokens.Find(token);
        if (user is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await PlexResults.WriteHtmlAsync(context.Response, 401, "A valid X-Plex-Token is required.");
            return;
        }
        context.Items[typeof(PlexUser)] = user;
        await next(context);
        await ExplainEmptyRefusalAsync(context);
    }

    /// <summary>Routing's bare 404/405 get the one-line reason every other refusal carries (never echoing the path).</summary>
    private static Task ExplainEmptyRefusalAsync(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted || response.StatusCode is not (404 or 405) || response.ContentLength is not null || response.ContentType is not null
            || HttpMethods.IsHead(context.Request.Method)) return Task.CompletedTask;
        return PlexResults.WriteHtmlAsync(response, response.StatusCode,
            response.StatusCode == 404 ? "No such route on this server." : "This route does not accept this method.");
    }
}

public static class PlexUserExtensions
{
    public static PlexUser PlexUser(this HttpContext context) =>
        context.Items[typeof(PlexUser)] as PlexUser ?? throw new InvalidOperationException("Route ran without authentication.");

    public static string ClientIdentifier(this HttpRequest request) =>
        (request.Headers["X-Plex-Client-Identifier"].FirstOrDefault() ?? request.Query["X-Plex-Client-Identifier"].FirstOrDefault() ?? "").Trim();
}
