namespace PlexQueueServer.Decisions;

/// <summary>
/// Typed access to one directive's arguments. The first problem is kept in Error (one line) and
/// later reads return defaults, so a directive is checked in straight-line code.
/// </summary>
internal sealed class DirectiveArgs(ClientProfileParser.Directive directive)
{
    private static readonly string[] ProfileTypes = ["videoProfile", "musicProfile", "subtitleProfile", "photoProfile"];

    public string Verb => directive.Verb;
    public string Prefix => $"{DecisionRequestParser.ProfileExtra} {directive.Verb}";
    public string? Error { get; set; }

    public string? Optional(string key) =>
        directive.Args.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    public string? Required(string key)
    {
        var v = Optional(key);
        if (v is null) Error ??= $"{Prefix} needs {key}.";
        return v;
    }

    /// <summary>Lowercase tokens of a comma list (also '|' for limitation lists), empties dropped.</summary>
    public IReadOnlyList<string> List(string key) =>
        (Optional(key) ?? "").Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();

    public IReadOnlyList<string> RequiredList(string key)
    {
        var list = List(key);
        if (list.Count == 0) Error ??= $"{Prefix} needs {key}.";
        return list;
    }

    public string? ProfileType() => Enum("type", null, ProfileTypes);

    /// <summary>One of the allowed values (case-insensitive), returned in canonical spelling; fallback when absent (null = required).</summary>
    public string? Enum(string key, string? fallback, params string[] allowed)
    {
        var v = Optional(key);
        if (v is null)
        {
            if (fallback is null && Error is null && RequiresValue(key)) Error = $"{Prefix} needs {key} ({string.Join("|", allowed)}).";
            return fallback;
        }
        var hit = allowed.FirstOrDefault(x => x.Equals(v, StringComparison.OrdinalIgnoreCase));
        if (hit is null) Error ??= $"{Prefix} {key} must be one of {string.Join("|", allowed)}.";
        return hit;
    }

    /// <summary>A known spelling when there is one, else the lowercase token. Required.</summary>
    public string? Canonical(string key, IReadOnlyList<string> known)
    {
        var v = Required(key);
        return v is null ? null : known.FirstOrDefault(k => k.Equals(v, StringComparison.OrdinalIgnoreCase)) ?? v.ToLowerInvariant();
    }

    public bool Bool(string key, bool fallback = false)
    {
        var v = Optional(key);
        if (v is null) return fallback;
        if (v is "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (v is "0" || v.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        Error ??= $"{Prefix} {key} must be true or false.";
        return fallback;
    }

    // type is required everywhere; context/protocol filters on the *-codec verbs are optional.
    private bool RequiresValue(string key) => key == "type";
}
