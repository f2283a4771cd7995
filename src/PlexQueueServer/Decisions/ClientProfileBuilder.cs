using System.Diagnostics.CodeAnalysis;
namespace PlexQueueServer.Decisions;

/// <summary>
/// Applies parsed directives to a starting profile. Built-in entries are remembered so that
/// replace=true drops only the defaults of that type, never what the client itself added.
/// </summary>
internal sealed class ClientProfileBuilder
{
    private readonly List<(DirectPlayProfile Profile, bool BuiltIn)> _directPlay;
    private readonly List<(TranscodeTarget Target, bool BuiltIn)> _targets;
    private readonly List<ProfileLimitation> _limitations;
    private readonly List<string> _ignored = [];

    public ClientProfileBuilder(ClientProfile start)
    {
        _directPlay = start.DirectPlayProfiles.Select(p => (p, true)).ToList();
        _targets = start.TranscodeTargets.Select(t => (t, true)).ToList();
        _limitations = [.. start.Limitations];
    }

    public IReadOnlyList<string> Ignored => _ignored;

    public ClientProfile Build() => new()
    {
        DirectPlayProfiles = _directPlay.Select(p => p.Profile).ToList(),
        TranscodeTargets = _targets.Select(t => t.Target).ToList(),
        Limitations = [.. _limitations],
    };

    public bool Apply(ClientProfileParser.Directive d, [NotNullWhen(false)] out string? error)
    {
        var a = new DirectiveArgs(d);
        switch (d.Verb)
        {
            case "add-transcode-target": AddTarget(a); break;
            case "add-direct-play-profile": AddDirectPlay(a); break;
            case "add-limitation": AddLimitation(a); break;
            case "append-transcode-target-codec": AddCodecs(a, append: true); break;
            case "add-transcode-target-codec": AddCodecs(a, append: false); break;
            case "add-settings": break; // Server-side playback settings: nothing for a download to honour.
            default: _ignored.Add(d.Verb); break;
        }
        error = a.Error;
        return error is null;
    }

    private void AddTarget(DirectiveArgs a)
    {
        var type = a.ProfileType();
        var container = a.Required("container")?.ToLowerInvariant();
        var target = new TranscodeTarget
        {
            Type = type ?? "",
            Context = a.Enum("context", "static", "static", "streaming") ?? "static",
            Protocol = a.Enum("protocol", "http", "http", "hls", "dash") ?? "http",
            Container = container ?? "",
            VideoCodecs = a.List("videoCodec"),
            AudioCodecs = a.List("audioCodec"),
            SubtitleCodecs = a.List("subtitleCodec"),
        };
        var replace = a.Bool("replace");
        if (a.Error is not null) return;
        // A client target wins over the built-in one for the same slot, and over every
        // built-in of its type with replace=true. Client targets go before built-ins so the
        // "first usable target" is the client's choice.
        _targets.RemoveAll(t => t.BuiltIn && t.Target.Type == target.Type &&
            (replace || (t.Target.Context == target.Context && t.Target.Protocol == target.Protocol)));
        var firstBuiltIn = _targets.FindIndex(t => t.BuiltIn);
        _targets.Insert(firstBuiltIn < 0 ? _targets.Count : firstBuiltIn, (target, false));
    }

    private void AddDirectPlay(DirectiveArgs a)
    {
        var profile = new DirectPlayProfile
        {
            Type = a.ProfileType() ?? "",
            Containers = a.RequiredList("container"),
            VideoCodecs = a.List("videoCodec"),
            AudioCodecs = a.List("audioCodec"),
            SubtitleCodecs = a.List("subtitleCodec"),
        };
        var replace = a.Bool("replace");
        if (a.Error is not null) return;
        if (replace) _directPlay.RemoveAll(p => p.BuiltIn && p.Profile.Type == profile.Type);
        _directPlay.Add((profile, false));
    }

    private void AddLimitation(DirectiveArgs a)
    {
        var scope = a.Canonical("scope", LimitationEvaluator.Scopes);
        var type = a.Enum("type", null, "upperBound", "lowerBound", "match", "notMatch");
        var name = a.Canonical("name", LimitationEvaluator.Names);
        var value = a.Optional("value")?.ToLowerInvariant();
        var list = a.List("list");
        var replace = a.Bool("replace");
        var isRequired = a.Bool("isRequired", fallback: true);
        if (a.Error is not null) return;
        if (type is "upperBound" or "lowerBound" &&
            !(double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var bound) && double.IsFinite(bound)))
            { a.Error = $"{a.Prefix} {type} needs a numeric value."; return; }
        if (type is "match" or "notMatch" && value is null && list.Count == 0)
            { a.Error = $"{a.Prefix} {type} needs a value or a list."; return; }
        var limitation = new ProfileLimitation
        {
            Scope = scope!, ScopeName = a.Optional("scopeName")?.ToLowerInvariant() ?? "*", Type = type!, Name = name!,
            Value = value, List = list, IsRequired = isRequired,
        };
        if (replace)
            _limitations.RemoveAll(l => l.Scope == limitation.Scope && l.ScopeName == limitation.ScopeName && l.Name == limitation.Name);
        _limitations.Add(limitation);
    }

    private void AddCodecs(DirectiveArgs a, bool append)
    {
        var type = a.ProfileType();
        var context = a.Enum("context", null, "static", "streaming");
        var protocol = a.Enum("protocol", null, "http", "hls", "dash");
        var video = a.List("videoCodec");
        var audio = a.List("audioCodec");
        var subtitle = a.List("subtitleCodec");
        if (a.Error is not null) return;
        var matched = false;
        for (var i = 0; i < _targets.Count; i++)
        {
            var (t, builtIn) = _targets[i];
            if (t.Type != type || (context is not null && t.Context != context) || (protocol is not null && t.Protocol != protocol)) continue;
            matched = true;
            _targets[i] = (t with
            {
                VideoCodecs = Merge(t.VideoCodecs, video, append),
                AudioCodecs = Merge(t.AudioCodecs, audio, append),
                SubtitleCodecs = Merge(t.SubtitleCodecs, subtitle, append),
            }, builtIn);
        }
        if (!matched) _ignored.Add(a.Verb + " (no matching target)");
    }

    private static List<string> Merge(IReadOnlyList<string> existing, IReadOnlyList<string> added, bool append)
    {
        var fresh = added.Where(c => !existing.Contains(c)).ToList();
        return append ? [.. existing, .. fresh] : [.. fresh, .. existing];
    }
}
