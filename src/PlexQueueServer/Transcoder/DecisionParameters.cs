using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Transcoder;

/// <summary>Reading a decision request off HTTP: the one key pattern and the one parameter reader both routes use.</summary>
public static partial class DecisionParameters
{
    public const int MaxParameterLength = 8192;

    [GeneratedRegex(@"^/library/metadata/([0-9]{1,9})$")]
    private static partial Regex MetadataKey();

    /// <summary>The rating key of "/library/metadata/{ratingKey}", positive; false for anything else.</summary>
    public static bool TryParseKey(string? key, out int ratingKey)
    {
        ratingKey = 0;
        var match = MetadataKey().Match(key ?? "");
        return match.Success && int.TryParse(match.Groups[1].Value, out ratingKey) && ratingKey > 0;
    }

    /// <summary>The decision parameters from the query, the X-Plex- ones also from headers (query wins), bounded.</summary>
    public static bool TryRead(HttpRequest request, out SortedDictionary<string, string> parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        error = null;
        foreach (var name in DecisionRequestParser.ParameterNames)
        {
            var header = name.StartsWith("X-Plex-", StringComparison.Ordinal) ? request.Headers[name].FirstOrDefault() : null;
            var value = request.Query[name].FirstOrDefault() ?? header;
            if (value is null) continue;
            if (value.Length > MaxParameterLength)
            {
                error = $"{name} is longer than {MaxParameterLength} characters.";
                return false;
            }
            parameters[name] = value;
        }
        return true;
    }
}
