using System.Diagnostics.CodeAnalysis;
namespace PlexQueueServer.Http;

/// <summary>Comma-separated id lists as Plex sends them in paths (/items/32,345,23).</summary>
public static class IdList
{
    public const int MaxIds = 1000;

    public static bool TryParse(string? raw, out List<int> ids, [NotNullWhen(false)] out string? error)
    {
        ids = [];
        error = null;
        if (string.IsNullOrWhiteSpace(raw)) { error = "At least one id is required."; return false; }
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, null, out var id) || id <= 0)
            {
                error = $"'{Truncate(part)}' is not a valid id: ids are positive integers.";
                return false;
            }
            if (!ids.Contains(id)) ids.Add(id);
            if (ids.Count > MaxIds) { error = $"At most {MaxIds} ids per request."; return false; }
        }
        return true;
    }

    public static string Truncate(string value, int max = 80) => value.Length <= max ? value : value[..max] + "…";
}
