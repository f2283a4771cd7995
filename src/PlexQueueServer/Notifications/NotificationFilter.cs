namespace PlexQueueServer.Notifications;

/// <summary>
/// PMS's filters= parameter: absent or empty → every type; "a,b" → only a and b; "-a,b" → every type but a and b.
/// A name also selects its dotted subtypes ("transcodeSession" → transcodeSession.start, .update, .end).
/// Unknown names are ignored, as PMS does: a client may ask for types this server never sends.
/// </summary>
public sealed class NotificationFilter
{
    private readonly HashSet<string> _names;
    private readonly bool _except;

    private NotificationFilter(HashSet<string> names, bool except)
    {
        _names = names;
        _except = except;
    }

    public static NotificationFilter All { get; } = new([], except: true);

    public static NotificationFilter Parse(string? filters)
    {
        if (string.IsNullOrWhiteSpace(filters)) return All;
        var text = filters.Trim();
        var except = text.StartsWith('-');
        if (except) text = text[1..];
        // Each name may carry its own leading '-' too ("-a,-b"): the same meaning.
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.TrimStart('-')).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        return new NotificationFilter(names, except);
    }

    public bool Allows(string type) => Names(type) != _except;

    private bool Names(string type)
    {
        if (_names.Contains(type)) return true;
        var dot = type.IndexOf('.');
        return dot > 0 && _names.Contains(type[..dot]);
    }
}
