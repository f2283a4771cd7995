using PlexQueueServer.Decisions;
using PlexQueueServer.Http;
using PlexQueueServer.Library;

namespace PlexQueueServer.Transcoder;

/// <summary>makeDecision: the same engine and document as a queued item's decision, asked before queueing.</summary>
public static class UniversalDecisionApi
{
    public static readonly IReadOnlySet<string> TranscodeTypes = new HashSet<string>(["video", "music", "audio"], StringComparer.Ordinal);

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
        if (!DecisionParameters.TryParseKey(path, out var ratingKey))
            return PlexResults.BadRequest("Malformed path: it is /library/metadata/{ratingKey}.");
        if (!DecisionParameters.TryRead(request, out var parameters, out var error)) return PlexResults.BadRequest(error);
        if (!DecisionRequestParser.TryParse(parameters, out var decisionRequest, out error)) return PlexResults.BadRequest(error);

        // One session id per answer: nothing is kept, so the client's own session names nothing here.
        var session = Guid.NewGuid().ToString("N");
        var playable = await catalog.FindPlayableAsync(ratingKey, ct);
        if (playable is not { } found)
            return PlexResults.Ok(await documents.BuildAsync(null, null, DecisionCodeTexts.UnknownKey(), session, ct));
        var decision = DecisionEngine.Decide(found.Facts, decisionRequest);
        return PlexResults.Ok(await documents.BuildAsync(found.Item, found.Facts, decision, session, ct));
    }
}
