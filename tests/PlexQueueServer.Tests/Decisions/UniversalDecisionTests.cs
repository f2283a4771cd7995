using System.Net;
using System.Xml.Linq;
using PlexQueueServer.Tests.Conversion;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Decisions;

/// <summary>GET /{transcodeType}/:/transcode/universal/decision end to end: the engine's answer before queueing.</summary>
public class UniversalDecisionTests(PlanMediaFactory factory) : IClassFixture<PlanMediaFactory>
{
    private const int Movies = 1;

    private static string Url(int key, string parameters = "", string type = "video") =>
        $"/{type}/:/transcode/universal/decision?path=/library/metadata/{key}{parameters}";

    [Fact]
    public async Task A_conversion_is_described_per_stream_in_json()
    {
        var client = factory.CreatePlexClient();
        var key = await client.FindRatingKeyAsync(Movies, "Convert Movie");
        var json = (await client.GetJsonAsync(Url(key, "&videoResolution=160x120&audioChannelCount=1")))["MediaContainer"]!;
        Assert.Equal(1001, (int)json["generalDecisionCode"]!);
        Assert.Equal(3000, (int)json["directPlayDecisionCode"]!);
        Assert.Equal(1001, (int)json["transcodeDecisionCode"]!);
        Assert.Equal(1, (int)json["size"]!);
        var metadata = json["Metadata"]![0]!;
        Assert.Equal(key.ToString(), (string)metadata["ratingKey"]!);
        Assert.Equal("Convert Movie", (string)metadata["title"]!);
        var media = metadata["Media"]![0]!;
        Assert.True((bool)media["selected"]!);
        Assert.Equal("mp4", (string)media["container"]!);
        Assert.Equal("h264", (string)media["videoCodec"]!);
        Assert.Equal(160, (int)media["width"]!);
        var part = media["Part"]![0]!;
        Assert.Equal("transcode", (string)part["decision"]!);
        Assert.Null(part["file"]);
        Assert.Null(part["key"]);
        Assert.Null(part["size"]);
        var streams = part["Stream"]!.AsArray();
        var video = streams.Single(s => (int)s!["streamType"]! == 1)!;
        Assert.Equal(("transcode", "h264", 160, 120), ((string)video["decision"]!, (string)video["codec"]!, (int)video["width"]!, (int)video["height"]!));
        var audio = streams.Single(s => (int)s!["streamType"]! == 2)!;
        Assert.Equal(("transcode", "aac", 1), ((string)audio["decision"]!, (string)audio["codec"]!, (int)audio["channels"]!));
    }

    [Fact]
    public async Task The_same_document_is_served_as_plex_xml()
    {
        var client = factory.CreatePlexClient(json: false);
        var key = await factory.CreatePlexClient().FindRatingKeyAsync(Movies, "Subtitle Movie");
        var response = await client.GetAsync(Url(key, "&subtitles=burn"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/xml", response.Content.Headers.ContentType!.ToString());
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("MediaContainer", root.Name.LocalName);
        Assert.Equal("1001", root.Attribute("generalDecisionCode")!.Value);
        // PMS names the item by kind: a movie is <Video>, and clients that look for it by tag find it.
        Assert.Null(root.Element("Metadata"));
        var part = root.Element("Video")!.Element("Media")!.Element("Part")!;
        Assert.Equal("1", root.Element("Video")!.Element("Media")!.Attribute("selected")!.Value);
        Assert.Equal("transcode", part.Attribute("decision")!.Value);
        var subtitle = part.Elements("Stream").Single(s => s.Attribute("streamType")!.Value == "3");
        Assert.Equal("burn", subtitle.Attribute("decision")!.Value);
        Assert.Equal("1", subtitle.Attribute("burn")!.Value);
        Assert.Equal("embedded", subtitle.Attribute("location")!.Value);
        Assert.Equal("transcode", part.Elements("Stream").Single(s => s.Attribute("streamType")!.Value == "1").Attribute("decision")!.Value);
    }

    [Fact]
    public async Task A_header_profile_can_allow_direct_play_which_keeps_the_part_file()
    {
        var client = factory.CreatePlexClient();
        var key = await client.FindRatingKeyAsync(Movies, "Subtitle Movie");
        var request = new HttpRequestMessage(HttpMethod.Get, Url(key));
        request.Headers.Add("X-Plex-Client-Profile-Extra", "add-direct-play-profile(type=videoProfile&container=mkv&videoCodec=h264&audioCodec=mp3)");
        var response = await client.SendAsync(request);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["MediaContainer"]!;
        Assert.Equal(1000, (int)json["generalDecisionCode"]!);
        Assert.Null(json["transcodeDecisionCode"]);
        var part = json["Metadata"]![0]!["Media"]![0]!["Part"]![0]!;
        Assert.Equal("directplay", (string)part["decision"]!);
        Assert.EndsWith(TestMedia.SubtitleMovie, (string)part["file"]!);
        Assert.StartsWith($"/library/parts/{key}/", (string)part["key"]!);
        Assert.All(part["Stream"]!.AsArray(), s => Assert.Equal("copy", (string)s!["decision"]!));
    }

    [Fact]
    public async Task Music_is_decided_under_the_music_transcode_type()
    {
        var client = factory.CreatePlexClient();
        var key = await client.FindRatingKeyAsync(2, "Flac Song", type: "10");
        var json = (await client.GetJsonAsync(Url(key, "&musicBitrate=128", "music")))["MediaContainer"]!;
        Assert.Equal(1001, (int)json["generalDecisionCode"]!);
        var stream = json["Metadata"]![0]!["Media"]![0]!["Part"]![0]!["Stream"]![0]!;
        Assert.Equal(("transcode", "mp3", 128), ((string)stream["decision"]!, (string)stream["codec"]!, (int)stream["bitrate"]!));
        var audio = (await client.GetJsonAsync(Url(key, "&musicBitrate=128", "audio")))["MediaContainer"]!;
        Assert.Equal(1001, (int)audio["generalDecisionCode"]!);
    }

    [Fact]
    public async Task A_profile_without_an_http_target_answers_2000_and_4005_without_media()
    {
        var client = factory.CreatePlexClient();
        var key = await client.FindRatingKeyAsync(Movies, "Convert Movie");
        var extra = Uri.EscapeDataString("add-transcode-target(type=videoProfile&protocol=hls&container=mp4&videoCodec=h264&audioCodec=aac&replace=true)");
        var json = (await client.GetJsonAsync(Url(key, "&X-Plex-Client-Profile-Extra=" + extra)))["MediaContainer"]!;
        Assert.Equal(2000, (int)json["generalDecisionCode"]!);
        Assert.Equal(4005, (int)json["transcodeDecisionCode"]!);
        Assert.StartsWith("Cannot convert this item.", (string)json["transcodeDecisionText"]!);
        Assert.Equal(0, (int)json["size"]!);
        Assert.Null(json["Metadata"]);
    }

    [Fact]
    public async Task An_unknown_key_answers_200_with_code_2004_and_no_metadata()
    {
        var json = (await factory.CreatePlexClient().GetJsonAsync(Url(999_999)))["MediaContainer"]!;
        Assert.Equal(2004, (int)json["generalDecisionCode"]!);
        Assert.Equal(0, (int)json["size"]!);
        Assert.Null(json["Metadata"]);
    }

    [Fact]
    public async Task Library_metadata_carries_no_decision_fields()
    {
        var client = factory.CreatePlexClient();
        var key = await client.FindRatingKeyAsync(Movies, "Subtitle Movie");
        var media = (await client.GetJsonAsync($"/library/metadata/{key}"))["MediaContainer"]!["Metadata"]![0]!["Media"]![0]!;
        Assert.Null(media["selected"]);
        var part = media["Part"]![0]!;
        Assert.Null(part["decision"]);
        Assert.NotNull(part["file"]);
        Assert.True((bool)part["exists"]!);
        Assert.All(part["Stream"]!.AsArray(), s => Assert.True(s!["decision"] is null && s["location"] is null && s["Location"] is null));
    }

    [Fact]
    public async Task It_needs_a_token_like_every_plex_route()
    {
        var response = await factory.CreatePlexClient(token: null).GetAsync(Url(1));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_make_decision_under_transcoder()
    {
        var document = await factory.CreatePlexClient(token: null).GetJsonAsync("/openapi/v1.json");
        var operation = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .Single(o => (string?)o.Value!["operationId"] == "makeDecision").Value!;
        Assert.Equal("Transcoder", (string)operation["tags"]![0]!);
    }

    [Theory]
    [InlineData("/photo/:/transcode/universal/decision?path=/library/metadata/1", "transcodeType")]
    [InlineData("/video/:/transcode/universal/decision", "path parameter is required")]
    [InlineData("/video/:/transcode/universal/decision?path=/library/sections/1", "Malformed path")]
    [InlineData("/video/:/transcode/universal/decision?path=/library/metadata/1&videoResolution=huge", "videoResolution")]
    [InlineData("/video/:/transcode/universal/decision?path=/library/metadata/1&X-Plex-Client-Profile-Extra=add-limitation(oops", "X-Plex-Client-Profile-Extra")]
    public async Task Malformed_requests_answer_400_with_a_one_line_reason(string url, string reason)
    {
        var response = await factory.CreatePlexClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var header = response.Headers.GetValues("X-Plex-Error").Single();
        Assert.Contains(reason, header);
        Assert.DoesNotContain('\n', header);
    }
}
