using System.Text.RegularExpressions;
using PlexQueueServer.Http;
using PlexQueueServer.Library;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Decisions;

/// <summary>makeDecision: the same engine and document as a queued item's decision, asked before queueing.</summary>
public static partial class UniversalDecisionApi
{
    public static readonly IReadOnlySet<string> TranscodeTypes = new HashSet<string>(["video", "music", "audio"], StringComparer.Ordinal);

    [GeneratedRegex(@"^/library/metadata/([0-9]{1,9})$")]
    private static partial Regex MetadataKey();

    public static IEndpointRouteBuilder MapUniversalDecision(this IEndpointRouteBuilder routes)
    {
        // ':' is an ordinary character in a literal route segment; only braces are route syntax.
        routes.MapGet("/{transcodeType}/:/transcode/universal/decision", MakeDecision).WithTags("Transcoder")
            .WithName("makeDecision").WithSummary("Make a decision on media playback");
        return routes;
    }

    private static async Task<IResult> MakeDecision(string transcodeType, HttpRequest request, LibraryCatalog catalog,
        DecisionDocumentBuilder documents, CancellationToken ct)
    {
        if (!TranscodeTypes.Contains(transcodeType)) return PlexResults.BadRequest("transcodeType must be video, music or audio.");
        var path = request.Query["path"].FirstOrDefault() ?? request.Query["key"].FirstOrDefault();
        if (string.IsNullOrEmpty(path)) return PlexResults.BadRequest("The path parameter is required (for example path=/library/metadata/3).");
        var match = MetadataKey().Match(path);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var ratingKey) || ratingKey <= 0)
            return PlexResults.BadRequest("Malformed path: it is /library/metadata/{ratingKey}.");
        if (!TryReadParameters(request, out var parameters, out var error)) return PlexResults.BadRequest(error!);
        if (!DecisionRequestParser.TryParse(parameters, out var decisionRequest, out error)) return PlexResults.BadRequest(error!);

        // One session id per answer: nothing is kept, so the client's own session names nothing here.
        var session = Guid.NewGuid().ToString("N");
        var playable = await catalog.FindPlayableAsync(ratingKey, ct);
        if (playable is not { } found)
            return PlexResults.Ok(await documents.BuildAsync(null, null, DecisionCodeTexts.UnknownKey(), session, ct));
        var decision = DecisionEngine.Decide(found.Facts, decisionRequest);
        return PlexResults.Ok(await documents.BuildAsync(found.Item, found.Facts, decision, session, ct));
    }

    /// <summary>The decision parameters from the query, the X-Plex- ones also from headers (query wins), bounded.</summary>
    public static bool TryReadParameters(HttpRequest request, out Dictionary<string, string> parameters, out string? error)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        foreach (var name in DecisionRequestParser.ParameterNames)
        {
            var header = name.StartsWith("X-Plex-", StringComparison.Ordinal) ? request.Headers[name].FirstOrDefault() : null;
            var value = request.Query[name].FirstOrDefault() ?? header;
            if (value is null) continue;
            if (value.Length > AddRequest.MaxParameterLength)
            {
                error = $"{name} is longer than {AddRequest.MaxParameterLength} characters.";
                return false;
            }
            parameters[name] = value;
        }
        return true;
    }
}
