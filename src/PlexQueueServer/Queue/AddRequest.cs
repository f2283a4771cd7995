using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PlexQueueServer.Decisions;
using PlexQueueServer.Http;
using PlexQueueServer.Transcoder;

namespace PlexQueueServer.Queue;

/// <summary>An add call, validated: the keys as sent with their rating keys, and the canonical parameters.</summary>
public sealed record AddRequest(IReadOnlyList<(string Key, int RatingKey)> Keys, SortedDictionary<string, string> Parameters)
{
    public static bool TryRead(HttpRequest request, int maxKeys, out AddRequest add, [NotNullWhen(false)] out string? error)
    {
        add = new AddRequest([], []);
        var keys = new List<(string, int)>();
        // keys=a,b as one value, repeated keys=, or one percent-encoded list: all arrive here decoded.
        foreach (var value in request.Query["keys"])
        {
            foreach (var raw in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!DecisionParameters.TryParseKey(raw, out var ratingKey))
                {
                    error = $"Malformed key '{IdList.Truncate(raw)}': keys are /library/metadata/{{ratingKey}}.";
                    return false;
                }
                if (keys.Count >= maxKeys) { error = $"At most {maxKeys} keys per add."; return false; }
                keys.Add((raw, ratingKey));
            }
        }
        if (keys.Count == 0) { error = "The keys parameter is required (for example keys=/library/metadata/3)."; return false; }

        if (!DecisionParameters.TryRead(request, out var parameters, out error)) return false;
        if (!DecisionRequestParser.TryParse(parameters, out _, out error)) return false;
        add = new AddRequest(keys, parameters);
        return true;
    }

    public string ParametersJson => JsonSerializer.Serialize(Parameters);

    /// <summary>What makes two adds "the same": parameters without per-session identifiers.</summary>
    public static string DedupeKey(IReadOnlyDictionary<string, string> parameters) =>
        JsonSerializer.Serialize(parameters.Where(p => !DecisionRequestParser.SessionParameters.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());

    /// <summary>DedupeKey hashed to a fixed length, for the unique index (a PostgreSQL index entry is size-bounded).</summary>
    public static string DedupeHash(IReadOnlyDictionary<string, string> parameters) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DedupeKey(parameters))));
}
