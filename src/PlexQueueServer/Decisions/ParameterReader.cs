using System.Globalization;

namespace PlexQueueServer.Decisions;

/// <summary>
/// Reads typed values from the stored parameter map (names case-insensitive). An empty value counts
/// as absent. The first malformed value sets Error: one line naming the parameter and what is allowed,
/// never the raw value (it can be long or hostile).
/// </summary>
internal sealed class ParameterReader
{
    private const int MaxTextLength = 80;
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public ParameterReader(IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var (k, v) in parameters) _values[k] = v;
    }

    public string? Error { get; private set; }

    public string? Raw(string name) =>
        _values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>Free text such as the platform name: control characters dropped, length bounded.</summary>
    public string? Text(string name)
    {
        var v = Raw(name);
        if (v is null) return null;
        var clean = new string(v.Where(c => !char.IsControl(c)).Take(MaxTextLength).ToArray());
        return clean.Length == 0 ? null : clean;
    }

    public bool Bool(string name, bool fallback)
    {
        var v = Raw(name);
        if (v is null) return fallback;
        if (v is "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (v is "0" || v.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        return Fail($"{name} must be 0, 1, true or false.", fallback);
    }

    public int? Int(string name, int min, int max, string unit = "")
    {
        var v = Raw(name);
        if (v is null) return null;
        if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        return Fail<int?>($"{name} must be an integer from {min} to {max}{unit}.", null);
    }

    public double? Number(string name, double min, double max)
    {
        var v = Raw(name);
        if (v is null) return null;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n >= min && n <= max) return n;
        return Fail<double?>($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.", null);
    }

    /// <summary>One of the allowed values, case-insensitive, returned lowercase as listed.</summary>
    public string? Enum(string name, params string[] allowed)
    {
        var v = Raw(name);
        if (v is null) return null;
        return allowed.FirstOrDefault(a => a.Equals(v, StringComparison.OrdinalIgnoreCase))
            ?? Fail<string?>($"{name} must be one of {string.Join(", ", allowed)}.", null);
    }

    /// <summary>"WxH" (the spec's pattern says ':'; real clients send 'x'), each side 1..max.</summary>
    public (int? Width, int? Height) Resolution(string name, int max)
    {
        var v = Raw(name);
        if (v is null) return (null, null);
        var parts = v.Split(['x', 'X', ':']);
        if (parts.Length == 2 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h) &&
            w is >= 1 && w <= max && h is >= 1 && h <= max)
            return (w, h);
        return Fail<(int?, int?)>($"{name} must be WIDTHxHEIGHT with each side from 1 to {max}, e.g. 1280x720.", (null, null));
    }

    private T Fail<T>(string message, T fallback)
    {
        Error ??= message;
        return fallback;
    }
}
