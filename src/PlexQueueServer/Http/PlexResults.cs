using System.Net;

namespace PlexQueueServer.Http;

/// <summary>A Plex response: XML by default, JSON when the client's Accept names application/json.</summary>
public sealed class PlexResult(object model, int statusCode = StatusCodes.Status200OK) : IResult
{
    public object Model => model;

    public Task ExecuteAsync(HttpContext context)
    {
        var json = PlexSerializer.WantsJson(context.Request);
        var body = json ? PlexSerializer.ToJson(model) : PlexSerializer.ToXml(model);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}

public static class PlexResults
{
    public static PlexResult Ok(object model) => new(model);

    /// <summary>Plex answers errors with a small HTML page; ours carries the one-line reason.</summary>
    public static IResult Error(int statusCode, string reason) => new PlexError(statusCode, reason);

    public static IResult BadRequest(string reason) => Error(StatusCodes.Status400BadRequest, reason);
    public static IResult NotFound(string reason) => Error(StatusCodes.Status404NotFound, reason);

    /// <summary>DELETE and restart answer 200 with an empty body: strict SDKs reject 204.</summary>
    public static IResult EmptyOk() => new PlexError(StatusCodes.Status200OK, null);

    private sealed class PlexError(int statusCode, string? reason) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = statusCode;
            if (reason is null) { context.Response.ContentLength = 0; return Task.CompletedTask; }
            return WriteHtmlAsync(context.Response, statusCode, reason);
        }
    }

    /// <summary>Kestrel refuses non-ASCII or control characters in headers (a 500), and reasons can echo client input.</summary>
    public static string HeaderSafe(string value) => new(value.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    public static Task WriteHtmlAsync(HttpResponse response, int statusCode, string reason)
    {
        var title = $"{statusCode} {ReasonPhrase(statusCode)}";
        // One line: the reason a client or a person reads, and nothing from the request unescaped.
        var html = $"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{WebUtility.HtmlEncode(reason)}</p></body></html>\n";
        response.ContentType = "text/html; charset=utf-8";
        response.Headers["X-Plex-Error"] = HeaderSafe(reason.Length > 200 ? reason[..200] : reason);
        return response.WriteAsync(html);
    }

    private static string ReasonPhrase(int code) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code);
}
