using System.Globalization;
using System.Security.Cryptography;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Auth;
using PlexQueueServer.Server;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Web;

/// <summary>/web: the signed-in user's queues and items as plain server-rendered HTML that refreshes itself. No build step, no script.</summary>
public static class StatusPage
{
    private const int MaxItems = 500;

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder routes)
    {
        // Not part of the Plex API: kept out of the OpenAPI document.
        routes.MapGet("/web", Render).ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// The page has no script, so nothing may run; its one inline stylesheet is allowed by hash; it may not be framed
    /// (clickjacking of the download links) nor sniffed into another type. Set before auth, so its 401 carries them too.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseStatusPageHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/web", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate CSP 2
            context.Response.Headers["Referrer-Policy"] = "no-referrer"; // the page's links carry the token
        }
        return next(context);
    });

    private static async Task<IResult> Render(HttpContext context, PlexDbContext db, DownloadQueueService queues, CancellationToken ct)
    {
        var user = context.PlexUser();
        var token = context.Request.Headers["X-Plex-Token"].FirstOrDefault() ?? context.Request.Query["X-Plex-Token"].FirstOrDefault() ?? "";
        var owned = await db.Queues.AsNoTracking().Where(q => q.AccountId == user.AccountId).OrderBy(q => q.Id).ToListAsync(ct);
        var ids = owned.Select(q => q.Id).ToList();
        var items = await db.Items.AsNoTracking().Where(i => ids.Contains(i.QueueId))
            .OrderBy(i => i.QueueId).ThenBy(i => i.Id).Take(MaxItems).ToListAsync(ct);
        var busy = items.Any(i => i.Status is ItemStatus.Deciding or ItemStatus.Waiting or ItemStatus.Processing);

        var html = new StringBuilder();
        // Fast refresh while something moves, slow otherwise.
        html.Append($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{(busy ? 3 : 30)}">
            <title>PlexQueueServer · {E(user.Name)}</title>
            <style>{Style}</style></head><body>
            <h1>PlexQueueServer</h1>
            <p class="meta">Signed in as <b>{E(user.Name)}</b> · version {E(GeneralApi.Version)} · {owned.Count} queue(s) ·
            refreshes every {(busy ? 3 : 30)} s · <a href="/swagger">Swagger UI</a> · <a href="/health">health</a></p>
            """);
        if (owned.Count == 0) html.Append("<p class=\"empty\">No download queues yet: a client creates one with POST /downloadQueue.</p>");
        foreach (var queue in owned)
        {
            var rows = items.Where(i => i.QueueId == queue.Id).ToList();
            var client = queue.ClientIdentifier.Length == 0 ? "(default queue)" : queue.ClientIdentifier;
            html.Append($"""<section class="queue" id="queue-{queue.Id}"><h2>Queue {queue.Id} <small>{E(client)}</small></h2>""");
            if (rows.Count == 0) { html.Append("<p class=\"empty\">No items.</p></section>"); continue; }
            html.Append("<table><thead><tr><th>#</th><th>Item</th><th>Status</th><th>Progress</th><th>Decision</th><th></th></tr></thead><tbody>");
            foreach (var item in rows) html.Append(Row(queues.ToDto(item), item, token));
            html.Append("</tbody></table></section>");
        }
        if (items.Count == MaxItems) html.Append($"<p class=\"meta\">Showing the first {MaxItems} items.</p>");
        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Row(DownloadQueueItemDto dto, DownloadQueueItem item, string token)
    {
        var progress = dto.Status switch
        {
            "available" => 100.0,
            "processing" => dto.TranscodeSession?.Progress ?? 0,
            _ => (double?)null,
        };
        var bar = progress is { } p
            ? $"""<progress max="100" value="{p.ToString("0.#", CultureInfo.InvariantCulture)}"></progress> {p.ToString("0.#", CultureInfo.InvariantCulture)} %"""
              + (dto.TranscodeSession?.Speed is { } speed ? $" <small>{speed.ToString("0.#", CultureInfo.InvariantCulture)}×</small>" : "")
            : "";
        var decision = dto.DecisionResult;
        var text = string.Join(" · ", new[] { decision.GeneralDecisionText, decision.DirectPlayDecisionText, decision.TranscodeDecisionText }
            .Where(t => !string.IsNullOrWhiteSpace(t)).Distinct());
        if (dto.Error is not null) text = $"{dto.Error}: {item.ErrorReason}";
        var media = $"/downloadQueue/{item.QueueId}/item/{item.Id}/media";
        var link = dto.Status is "available"
            ? $"""<a class="download" href="{E(media + (token.Length > 0 ? "?X-Plex-Token=" + Uri.EscapeDataString(token) : ""))}">Download</a>"""
            : "";
        return $"""
            <tr id="item-{item.Id}" class="{E(dto.Status)}"><td>{item.Id}</td><td>{E(item.Title ?? dto.Key)}<br><small>{E(dto.Key)}</small></td>
            <td><span class="status">{E(dto.Status)}</span></td><td>{bar}</td><td>{E(text)}</td><td>{link}</td></tr>
            """;
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:72rem}h1{margin:0 0 .25rem}
        .meta{color:#666}.empty{color:#888}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
        small{color:#777}.status{font-weight:600}.available .status{color:#1a7f37}.error .status{color:#c62828}.processing .status{color:#1565c0}
        .expired .status{color:#888}progress{width:10rem}a.download{font-weight:600}
        """;
}
