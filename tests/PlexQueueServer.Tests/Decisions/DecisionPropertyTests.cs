using PlexQueueServer.Decisions;

namespace PlexQueueServer.Tests.Decisions;

/// <summary>Seeded random media and requests: every plan must honour every cap the request carries.</summary>
public class DecisionPropertyTests
{
    private static readonly string[] VideoCodecs = ["h264", "h264", "h264", "hevc", "mpeg4", "vp9", "av1", "mpeg2video"];
    private static readonly string[] AudioCodecs = ["aac", "aac", "aac", "mp3", "mp3", "ac3", "eac3", "dts", "flac", "opus", "truehd", "vorbis", "alac"];
    private static readonly string[] SubtitleCodecs = ["srt", "ass", "pgs", "mov_text", "dvd_subtitle", "webvtt"];
    private static readonly string[] VideoContainers = ["mp4", "mp4", "mp4", "mkv", "avi", "mov", "webm", "m4v"];
    private static readonly string[] MusicContainers = ["mp3", "mp3", "flac", "m4a", "ogg", "wav", "mp4"];
    private static readonly string[] SubtitleModes = ["auto", "burn", "none", "sidecar", "embedded", "segmented", "unknown"];
    private static readonly string[] Extras =
    [
        "",
        "add-transcode-target(type=videoProfile&context=static&protocol=http&container=mkv&videoCodec=hevc,h264&audioCodec=opus,aac,ac3&replace=true)",
        "add-transcode-target(type=videoProfile&context=streaming&protocol=http&container=mkv&videoCodec=vp9,h264&audioCodec=vorbis,flac)",
        "append-transcode-target-codec(type=videoProfile&context=static&protocol=http&videoCodec=hevc&audioCodec=ac3,opus)",
        "add-direct-play-profile(type=videoProfile&container=mkv&videoCodec=*&audioCodec=*)+add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.level&value=41)",
        "add-transcode-target(type=musicProfile&container=ogg&audioCodec=opus)+add-transcode-target(type=videoProfile&container=mp4&videoCodec=hevc&audioCodec=mp3)",
        "add-transcode-target(type=musicProfile&container=m4a&audioCodec=aac&replace=true)+add-direct-play-profile(type=musicProfile&container=*&audioCodec=*)",
        "add-limitation(scope=videoAudioCodec&scopeName=*&type=upperBound&name=audio.channels&value=2)",
        // Impossible ones: no http target (4005), nothing we can encode (4007).
        "add-transcode-target(type=videoProfile&protocol=hls&container=mp4&videoCodec=h264&audioCodec=aac&replace=true)+add-transcode-target(type=musicProfile&protocol=dash&container=mp3&audioCodec=mp3&replace=true)",
        "add-transcode-target(type=videoProfile&container=mkv&videoCodec=vp9&audioCodec=vorbis&replace=true)+add-transcode-target(type=musicProfile&container=ogg&audioCodec=vorbis&replace=true)",
    ];

    [Fact]
    public void Every_plan_honours_every_cap()
    {
        var random = new Random(20261123);
        var methods = new Dictionary<PlaybackMethod, int>();
        for (var i = 0; i < 3000; i++)
        {
            var source = RandomSource(random);
            var parameters = RandomParameters(random);
            Assert.True(DecisionRequestParser.TryParse(parameters, out var request, out var error), error);
            var decision = DecisionEngine.Decide(source, request);
            var context = $"case {i}: {source.Container} {string.Join(",", source.Streams.Select(s => s.Codec))} " +
                          string.Join("&", parameters.Select(p => p.Key + "=" + p.Value));
            Check(source, request, decision, context);
            methods[decision.Method] = methods.GetValueOrDefault(decision.Method) + 1;
        }
        // The generator must reach every outcome, or the property says little.
        var counts = string.Join(", ", methods.Select(m => $"{m.Key}={m.Value}"));
        Assert.True(methods.GetValueOrDefault(PlaybackMethod.DirectPlay) > 50, counts);
        Assert.True(methods.GetValueOrDefault(PlaybackMethod.Convert) > 500, counts);
        Assert.True(methods.GetValueOrDefault(PlaybackMethod.None) > 10, counts);
    }

    private static void Check(MediaFacts source, DecisionRequest request, PlaybackDecision d, string context)
    {
        Assert.True(source.Streams.Select(s => s.Index).Order().SequenceEqual(d.Streams.Select(s => s.SourceIndex).Order()), context);
        if (d.Method == PlaybackMethod.None)
        {
            Assert.Equal(2000, d.Codes.GeneralCode);
            Assert.True(d.Codes.TranscodeCode is 4005 or 4007, context);
            return;
        }
        var videoCap = request.VideoBitrateCapKbps;
        // Computed here on its own: an explicit positive bitrate wins, else wan/cellular have their defaults.
        var explicitCap = new[] { request.VideoBitrateKbps, request.MaxVideoBitrateKbps }.Where(v => v is > 0).Min();
        Assert.Equal(explicitCap ?? (request.Location switch { "wan" => 4000, "cellular" => 2000, _ => (int?)null }), videoCap);
        var musicCap = request.MusicBitrateKbps is > 0 ? request.MusicBitrateKbps : null;
        if (d.Method == PlaybackMethod.DirectPlay)
        {
            Assert.Equal(source.Container, d.Container);
            Assert.All(d.Streams, s => Assert.Equal("copy", s.Decision.ToPlex()));
            var cap = source.IsMusic ? musicCap : videoCap;
            var known = source.Streams.Where(s => s.BitrateKbps is not null).ToList();
            var rate = source.BitrateKbps ?? (known.Count > 0 ? known.Sum(s => s.BitrateKbps) : null);
            Assert.True(cap is null || rate is null || rate <= cap, context);
        }
        else
        {
            Assert.Contains(d.Container, CodecSupport.Containers);
            Assert.Equal(1001, d.Codes.GeneralCode);
        }

        foreach (var plan in d.Streams.Where(s => s.Decision.ToPlex() != "ignore"))
        {
            var src = source.Streams.Single(s => s.Index == plan.SourceIndex);
            if (plan.Decision.ToPlex() == "copy") Assert.True(plan.Codec == src.Codec || plan.Kind == StreamKind.Subtitle, context);
            if (plan.Kind == StreamKind.Video)
            {
                Assert.True(plan.Width <= (request.MaxWidth ?? int.MaxValue) && plan.Height <= (request.MaxHeight ?? int.MaxValue), context);
                if (plan.Decision.ToPlex() == "transcode")
                {
                    Assert.Contains(plan.Codec, CodecSupport.VideoEncoders);
                    Assert.True(plan.Width % 2 == 0 && plan.Height % 2 == 0 && plan.Width <= src.Width && plan.Height <= src.Height, context);
                    Assert.True(videoCap is null || plan.BitrateKbps <= videoCap, context);
                }
                else
                {
                    // A copy is only allowed under the cap; an unknown rate cannot be checked either way.
                    var rate = src.BitrateKbps ?? source.BitrateKbps;
                    Assert.True(videoCap is null || rate is null || rate <= videoCap, context);
                }
            }
            if (plan.Kind == StreamKind.Audio)
            {
                // Direct play sends the file as is: only the track the client plays is held to its cap.
                var played = d.Method == PlaybackMethod.Convert || plan.SourceIndex == source.Audio?.Index;
                Assert.True(!played || request.AudioChannelCount is null || plan.Channels <= request.AudioChannelCount, context);
                if (plan.Decision.ToPlex() == "transcode") Assert.Contains(plan.Codec, CodecSupport.AudioEncoders);
                if (source.IsMusic && musicCap is not null) Assert.True((plan.BitrateKbps ?? 0) <= musicCap, context);
                if (plan.Decision.ToPlex() == "transcode" && plan.Codec == "mp3") Assert.True(plan.Channels <= 2, context);
            }
            if (plan.Kind == StreamKind.Subtitle)
                Assert.True(plan.Decision.ToPlex() is "burn" or "copy" && d.Method == PlaybackMethod.DirectPlay || plan.Codec is "mov_text" or "srt" || plan.Decision.ToPlex() == "burn", context);
        }
    }

    private static MediaFacts RandomSource(Random r)
    {
        var music = r.Next(4) == 0;
        var streams = new List<StreamFacts>();
        var index = 0;
        if (!music)
        {
            var w = r.Next(8, 4000);
            var h = r.Next(8, 2200);
            streams.Add(new StreamFacts
            {
                Index = index++, Kind = StreamKind.Video, Codec = Pick(r, VideoCodecs), Width = w, Height = h,
                BitrateKbps = r.Next(3) == 0 ? null : r.Next(200, 40000), Hdr = r.Next(5) == 0, Level = r.Next(30, 53),
            });
        }
        var audioCount = music ? 1 : r.Next(0, 4);
        for (var a = 0; a < audioCount; a++)
            streams.Add(new StreamFacts
            {
                Index = index++, Kind = StreamKind.Audio, Codec = Pick(r, AudioCodecs), Channels = r.Next(1, 9),
                BitrateKbps = r.Next(3) == 0 ? null : r.Next(32, 1500), Default = r.Next(3) == 0,
            });
        if (!music)
            for (var s = r.Next(0, 3); s > 0; s--)
                streams.Add(new StreamFacts
                {
                    Index = index++, Kind = StreamKind.Subtitle, Codec = Pick(r, SubtitleCodecs), Default = r.Next(3) == 0, Forced = r.Next(5) == 0,
                });
        // Shuffle stream order: the engine must not assume video first.
        var shuffled = streams.OrderBy(_ => r.Next()).ToList();
        return new MediaFacts
        {
            Container = music ? Pick(r, MusicContainers) : Pick(r, VideoContainers),
            // Consistent with its streams: the whole is at least the sum of the known parts.
            BitrateKbps = r.Next(4) == 0 ? null : streams.Sum(s => s.BitrateKbps ?? 0) + r.Next(0, 5000),
            Streams = shuffled,
        };
    }

    private static Dictionary<string, string> RandomParameters(Random r)
    {
        var p = new Dictionary<string, string>();
        void Maybe(string name, Func<string> value) { if (r.Next(2) == 0) p[name] = value(); }
        Maybe("directPlay", () => Pick(r, ["0", "1", "true", "false"]));
        Maybe("directStream", () => Pick(r, ["0", "1"]));
        Maybe("directStreamAudio", () => Pick(r, ["0", "1"]));
        Maybe("videoResolution", () => $"{r.Next(2, 4000)}x{r.Next(2, 2200)}");
        Maybe("videoBitrate", () => r.Next(0, 30000).ToString());
        Maybe("maxVideoBitrate", () => r.Next(0, 30000).ToString());
        Maybe("musicBitrate", () => r.Next(0, 500).ToString());
        Maybe("audioChannelCount", () => r.Next(1, 9).ToString());
        Maybe("audioBoost", () => Pick(r, ["100", "150", "50"]));
        Maybe("subtitles", () => Pick(r, SubtitleModes));
        Maybe(DecisionRequestParser.ProfileExtra, () => Pick(r, Extras));
        Maybe("location", () => Pick(r, ["lan", "lan", "wan", "cellular"]));
        Maybe(DecisionRequestParser.Platform, () => Pick(r, ["iOS", "Android", "Chrome", "Firefox", "Roku"]));
        return p;
    }

    private static string Pick(Random r, string[] items) => items[r.Next(items.Length)];
}
