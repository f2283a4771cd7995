using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace PlexQueueServer.Decisions;

/// <summary>
/// Parses X-Plex-Client-Profile-Extra: directives joined by '+' (or a space, because a raw '+' in a
/// query decodes to a space), each <c>verb(k=v&amp;k=v)</c>. Pure: text in, profile or one-line error out.
/// </summary>
public static partial class ClientProfileParser
{
    public const int MaxDirectives = 100;
    public const int MaxLength = 8 * 1024;

    /// <summary>One verb(k=v&amp;...) directive with its decoded, charset-checked arguments.</summary>
    public sealed record Directive(string Verb, IReadOnlyDictionary<string, string> Args);

    /// <summary>Built-in profile plus the client's directives. Every profile name gets the Generic defaults.</summary>
    public static bool TryParse(string? extra, string? profileName, out ClientProfile profile,
        out IReadOnlyList<string> ignored, [NotNullWhen(false)] out string? error) =>
        TryParse(extra, profileName, null, out profile, out ignored, out error);

    /// <summary>As above; with no profile name, the platform's defaults are the base the directives edit.</summary>
    public static bool TryParse(string? extra, string? profileName, string? platform, out ClientProfile profile,
        out IReadOnlyList<string> ignored, [NotNullWhen(false)] out string? error)
    {
        // Only "Generic" is a known name; other names fall back to it rather than failing the item.
        var baseProfile = profileName is null ? ClientProfileDefaults.ForPlatform(platform) : ClientProfileDefaults.Generic;
        profile = baseProfile;
        ignored = [];
        if (!TryParseDirectives(extra, out var directives, out error)) return false;
        var builder = new ClientProfileBuilder(baseProfile);
        foreach (var d in directives)
            if (!builder.Apply(d, out error)) return false;
        profile = builder.Build();
        ignored = builder.Ignored;
        return true;
    }

    /// <summary>Splits and decodes the directive text without applying it.</summary>
    public static bool TryParseDirectives(string? extra, out IReadOnlyList<Directive> directives, [NotNullWhen(false)] out string? error)
    {
        directives = [];
        error = null;
        if (string.IsNullOrWhiteSpace(extra)) return true;
        if (extra.Length > MaxLength) return Fail($"is longer than {MaxLength} characters.", out error);

        // Values may be percent-encoded once or twice; none of the allowed characters needs encoding,
        // so decoding the whole text until it is stable cannot merge or split directives.
        var text = DecodeUntilStable(extra);
        if (!TrySplitTopLevel(text, out var pieces, out error)) return false;
        if (pieces.Count > MaxDirectives) return Fail($"has more than {MaxDirectives} directives.", out error);

        var list = new List<Directive>(pieces.Count);
        foreach (var piece in pieces)
        {
            var m = DirectiveRegex().Match(piece);
            if (!m.Success) return Fail("has a directive that is not verb(key=value&...).", out error);
            var verb = m.Groups[1].Value.ToLowerInvariant();
            var args = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in m.Groups[2].Value.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = eq < 0 ? pair : pair[..eq];
                if (eq <= 0 || !KeyRegex().IsMatch(key))
                    return Fail($"has an argument in {verb} that is not key=value.", out error);
                var value = pair[(eq + 1)..].Trim();
                // '|' separates limitation lists in some clients; everywhere else it is refused.
                var ok = key.Equals("list", StringComparison.OrdinalIgnoreCase) ? ListValueRegex().IsMatch(value) : ValueRegex().IsMatch(value);
                if (!ok) return Fail($"{verb} {key} may only contain letters, digits and . _ , * : / - or space.", out error);
                args[key] = value;
            }
            list.Add(new Directive(verb, args));
        }
        directives = list;
        return true;
    }

    internal static string DecodeUntilStable(string text)
    {
        for (var i = 0; i < 4 && text.Contains('%'); i++)
        {
            var decoded = Uri.UnescapeDataString(text);
            if (decoded == text) break;
            text = decoded;
        }
        return text;
    }

    // Split on '+' and ' ' only outside parentheses: inside, a space can be part of a value.
    private static bool TrySplitTopLevel(string text, out List<string> pieces, [NotNullWhen(false)] out string? error)
    {
        pieces = [];
        error = null;
        int depth = 0, start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : '+';
            if (c == '(' && ++depth > 1) return Fail("has nested parentheses.", out error);
            if (c == ')' && --depth < 0) return Fail("has unbalanced parentheses.", out error);
            if (depth == 0 && (c == '+' || c == ' '))
            {
                var piece = text[start..i].Trim();
                if (piece.Length > 0) pieces.Add(piece);
                start = i + 1;
            }
            if (pieces.Count > MaxDirectives) return Fail($"has more than {MaxDirectives} directives.", out error);
        }
        return depth == 0 || Fail("has unbalanced parentheses.", out error);
    }

    private static bool Fail(string what, out string error)
    {
        error = $"{DecisionRequestParser.ProfileExtra} {what}";
        return false;
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z-]{0,63})\(([^()]*)\)$")]
    private static partial Regex DirectiveRegex();
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex KeyRegex();
    [GeneratedRegex(@"^[A-Za-z0-9._,*:/ -]{0,512}$")]
    private static partial Regex ValueRegex();
    [GeneratedRegex(@"^[A-Za-z0-9._,*:/ |-]{0,512}$")]
    private static partial Regex ListValueRegex();
}
