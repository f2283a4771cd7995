using PlexQueueServer.Decisions;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Fuzz;

/// <summary>Hostile-but-plausible requests from a seeded System.Random: every route, every parameter, bad values.</summary>
public sealed class FuzzRequestGenerator(int seed, int aliceQueue, int bobQueue, Func<IReadOnlyList<int>> aliceItems)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Methods = ["GET", "POST", "DELETE", "HEAD", "PUT", "PATCH", "OPTIONS"];

    private static readonly string[] BadSegments =
    [
        "0", "-1", "-2147483648", "2147483647", "2147483648", "99999999999999999999", "abc", "1.5", "1e3", "0x10", " 1", "%20",
        "+1", "..", "../1", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252fetc%252fpasswd",
        "%2fetc%2fpasswd", "1,2,3", "1,,2", ",", "1,x", "null", "true", "[1]", "{}", "ﾟ", "%E2%80%AE1", new string('9', 400),
        string.Join(",", Enumerable.Range(1, 1500)),
    ];

    private static readonly string[] BadKeys =
    [
        "../../etc/passwd", "/etc/passwd", "%2e%2e%2fetc%2fpasswd", "%252e%252e%252fetc%252fpasswd", "..%5c..%5cwindows",
        "/library/metadata/1/../../etc/passwd", "/library/metadata/../../../etc/passwd", "file:///etc/passwd", "/library/metadata/",
        "/library/metadata/-4", "/library/metadata/0", "/library/metadata/99999999999", "/library/metadata/1e3", "/library/metadata/0x1",
        "library/metadata/5", "/library/sections/1", "/library/metadata/5?x=1", "/library/metadata/ 5", ",,,", "", "%00",
    ];

    private static readonly string[] BadValues =
    [
        "", "-1", "0", "99999999999999999999", "NaN", "Infinity", "1e309", "abc", "0x1F", "1,5", "true", "null", "1280x720", "0x0",
        "-1x-1", "99999x99999", "x", "1280x", "sideways", "hls", "dash", "burn", "-i /etc/passwd", "; rm -rf /", "| cat /etc/passwd",
        "\" -f null -", "' -vf movie=/etc/passwd", "scale=1:1,movie=/etc/passwd", "[0:v]split[a][b];[a]null", "$(reboot)", "`id`",
        "-y -f lavfi -i testsrc", "../../etc/passwd", "%2e%2e%2f", "concat:/etc/passwd|/etc/shadow", "/dev/zero",
        "add-transcode-target(type=videoProfile&context=streaming&protocol=http&container=mp4&videoCodec=h264;-i /etc/passwd&audioCodec=aac)",
        "append-transcode-target-codec(type=videoProfile&context=streaming&videoCodec=h264,-vf movie=/etc/passwd&protocol=http)",
        "add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.width&value=1;--)",
        "add-transcode-target(type=videoProfile&container=mp4 -f null&videoCodec=libx264 -x264opts&audioCodec=aac)+add-direct-play-profile(type=videoProfile&container=../..)",
        "add-transcode-target(", "))))((((", new string('A', 9000),
    ];

    public int Next(int max) => _random.Next(max);
    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
    private bool Chance(double p) => _random.NextDouble() < p;

    public (string Method, string Url, Dictionary<string, string> Headers, string Token) Create()
    {
        var q = QueueSegment();
        var (method, path) = _random.Next(14) switch
        {
            0 => ("POST", "/downloadQueue"),
            1 => ("GET", $"/downloadQueue/{q}"),
            2 or 3 or 4 => ("POST", $"/downloadQueue/{q}/add"),
            5 => ("GET", $"/downloadQueue/{q}/items"),
            6 => (Chance(0.5) ? "GET" : "DELETE", $"/downloadQueue/{q}/items/{ItemSegment()}"),
            7 => ("POST", $"/downloadQueue/{q}/items/{ItemSegment()}/restart"),
            8 => ("GET", $"/downloadQueue/{q}/item/{ItemSegment()}/decision"),
            9 => (Chance(0.5) ? "GET" : "HEAD", $"/downloadQueue/{q}/item/{ItemSegment()}/media"),
            10 => ("GET", Pick(["/library/sections/all", $"/library/sections/{Segment()}", $"/library/sections/{Segment()}/all"])),
            11 => ("POST", $"/library/sections/{Segment()}/refresh"),
            12 => ("GET", $"/library/metadata/{Segment()}"),
            _ => ("GET", Pick(["/", "/identity", "/downloadQueue/", $"/downloadQueue/{q}/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"])),
        };
        if (Chance(0.15)) method = Pick(Methods);

        var query = new List<string>();
        if (path.EndsWith("/add") || Chance(0.1)) query.AddRange(KeysParameters());
        var parameterCount = Chance(0.5) ? _random.Next(1, 6) : 0;
        for (var i = 0; i < parameterCount; i++)
            query.Add($"{Pick(DecisionRequestParser.ParameterNames)}={Encode(Pick(BadValues))}");
        if (Chance(0.1)) query.Add($"X-Plex-Container-Start={Encode(Pick(BadValues))}");
        if (Chance(0.1)) query.Add($"X-Plex-Container-Size={Encode(Pick(BadValues))}");
        if (Chance(0.05)) { var name = Pick(BadValues); query.Add($"{Encode(name[..Math.Min(20, name.Length)])}={Encode(Pick(BadValues))}"); }

        var headers = new Dictionary<string, string>();
        if (Chance(0.1)) headers["X-Plex-Client-Identifier"] = Pick(["fuzz", "", new string('c', 9000), "ünïcödé", "../../x"]);
        if (Chance(0.1)) headers["X-Plex-Container-Size"] = Pick(["-5", "abc", "99999999999", "10"]);
        if (Chance(0.1)) headers[Pick(DecisionRequestParser.ParameterNames)] = HeaderSafe(Pick(BadValues));
        if (Chance(0.03)) headers["X-Fuzz-Long"] = new string('h', 40_000);
        if (Chance(0.05)) headers["Accept"] = Pick(["application/xml", "*/*", "text/html", "application/json;q=0"]);

        var token = _random.Next(20) switch
        {
            0 => "",
            1 => PlexServerFactory.BobToken,
            2 => "not-a-token",
            3 => new string('t', 5000),
            _ => PlexServerFactory.AliceToken,
        };
        var url = path + (query.Count > 0 ? "?" + string.Join("&", query) : "");
        return (method, url, headers, token);
    }

    private IEnumerable<string> KeysParameters()
    {
        var shape = _random.Next(10);
        if (shape == 0) return [];
        if (shape == 1) return ["keys=" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"/library/metadata/{800000 + i}"))];
        if (shape == 2) return ["keys="];
        var keys = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Chance(0.5) ? Pick(BadKeys) : $"/library/metadata/{_random.Next(100000, 100100)}");
        var encoded = keys.Select(k => Chance(0.3) ? Uri.EscapeDataString(k) : Encode(k));
        return Chance(0.5) ? ["keys=" + string.Join(",", encoded)] : encoded.Select(k => "keys=" + k);
    }

    private string QueueSegment() => _random.Next(10) switch
    {
        < 6 => aliceQueue.ToString(),
        6 => bobQueue.ToString(),
        _ => Segment(),
    };

    private string ItemSegment()
    {
        var ids = aliceItems();
        return _random.Next(10) switch
        {
            < 6 when ids.Count > 0 => string.Join(",", Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(ids))),
            _ => Segment(),
        };
    }

    private string Segment() => Chance(0.3) ? _random.Next(1, 50).ToString() : Pick(BadSegments);

    /// <summary>Query values as sent: mostly percent-encoded, sometimes raw (the server must cope with both).</summary>
    private string Encode(string value) => Chance(0.7) ? Uri.EscapeDataString(value) : value.Replace("&", "%26").Replace("#", "%23").Replace(" ", "+");

    private static string HeaderSafe(string value) => new(value.Where(c => c >= 0x20 && c < 0x7f).ToArray());
}
