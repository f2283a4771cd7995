using System.Text.Json;
using System.Text.RegularExpressions;
using PlexQueueServer.Decisions;
using PlexQueueServer.Http;

namespace PlexQueueServer.Queue;

/// <summary>An add call, validated: the keys as sent with their rating keys, and the canonical parameters.</summary>
public sealed partial record AddRequest(IReadOnlyList<(string Key, int RatingKey)> Keys, SortedDictionary<string, string> Parameters)
{
    public const int MaxParameterLength = 8192;

    [GeneratedRegex(@"^/library/metadata/([0-9]{1,9})$")]
    private static partial Regex MetadataKey();

    public static bool TryRead(HttpRequest request, int maxKeys, out AddRequest add, out string? error)
    {
        add = new AddRequest([], []);
        var keys = new List<(string, int)>();
        // keys=a,b as one value, repeated keys=, or one percent-encoded list: all arrive here decoded.
        foreach (var value in request.Query["keys"])
        {
            foreach (var raw in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var match = MetadataKey().Match(raw);
                if (!match.Success || !int.TryParse(match.Groups[1].Value, out var ratingKey) || ratingKey <= 0)
                {
                    error = $"Malformed key '{IdList.Truncate(raw)}': keys are /library/metadata/{{ratingKey}}.";
                    return false;
                }
                if (keys.Count >= maxKeys) { error = $"At most {maxKeys} keys per add."; return false; }
                keys.Add((raw, ratingKey));
            }
        }
        if (keys.Count == 0) { error = "The keys parameter is required (for example keys=/library/metadata/3)."; return false; }

        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in DecisionRequestParser.ParameterNames)
        {
            var header = name.StartsWith("X-Plex-", StringComparison.Ordinal) ? request.Headers[name].FirstOrDefault() : null;
            var value = request.Query[name].FirstOrDefault() ?? header;
            if (value is null) continue;
            if (value.Length > MaxParameterLength) { error = $"{name} is longer than {MaxParameterLength} characters."; return false; }
            parameters[name] = value;
        }
        if (!DecisionRequestParser.TryParse(parameters, out _, out error)) return false;
        add = new AddRequest(keys, parameters);
        return true;
    }

    public string ParametersJson => JsonSerializer.Serialize(Parameters);

    /// <summary>What makes two adds "the same": parameters without per-session identifiers.</summary>
    public static string DedupeKey(IReadOnlyDictionary<string, string> parameters) =>
        JsonSerializer.Serialize(parameters.Where(p => !DecisionRequestParser.SessionParameters.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());

    public static SortedDictionary<string, string> ParseStored(string json) =>
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(json) ?? [];
}
