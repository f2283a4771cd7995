using System.Diagnostics;
using PlexQueueServer.Conversion;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Tests.Conversion;

/// <summary>The GPU pipelines as exact ffmpeg command lines per backend; the option names checked against the installed ffmpeg.</summary>
public class HardwareArgumentsTests
{
    private static StreamPlan Video(string codec = "h264", string source = "h264", int? width = 1280, int? height = 720, int? kbps = 2000, bool toneMap = false) =>
        new() { SourceIndex = 0, Kind = StreamKind.Video, SourceCodec = source, Decision = StreamDecision.Transcode, Codec = codec, Width = width, Height = height, BitrateKbps = kbps, ToneMap = toneMap };

    private static readonly StreamPlan AudioCopy = new() { SourceIndex = 1, Kind = StreamKind.Audio, SourceCodec = "aac", Decision = StreamDecision.Copy, Codec = "aac" };

    private static PlaybackDecision Plan(params StreamPlan[] streams) => new()
    {
        Codes = new DecisionCodes { GeneralCode = 1001, GeneralText = "" },
        Method = PlaybackMethod.Convert,
        Container = "mp4",
        Streams = streams,
    };

    private static string Args(PlaybackDecision plan, HardwareBackend backend, bool decoding = true)
    {
        var hw = HardwareArguments.PlanFor(plan, backend, HardwareArguments.DefaultDevice(backend), decoding);
        return ConversionArguments.Build("/tmp/job/input.mkv", "/tmp/job/output.mp4", plan, "veryfast", hardware: hw).Arguments;
    }

    [Fact]
    public void Vaapi_decodes_scales_and_encodes_h264_on_the_device_under_the_bitrate_cap()
    {
        var args = Args(Plan(Video(), AudioCopy), HardwareBackend.Vaapi);
        Assert.Equal("-vaapi_device /dev/dri/renderD128 -hwaccel vaapi -hwaccel_output_format vaapi -i \"/tmp/job/input.mkv\" -map 0:0 -map 0:1 " +
            "-vf \"scale_vaapi=w=1280:h=720:format=nv12\" -c:v h264_vaapi -b:v 1900k -maxrate 2000k -bufsize 2000k -c:a copy -movflags faststart \"/tmp/job/output.mp4\" -y", args);
    }

    [Fact]
    public void Qsv_hevc_without_a_cap_uses_constant_quality_on_a_qsv_device_derived_from_the_render_node()
    {
        var args = Args(Plan(Video("hevc", "hevc", kbps: null), AudioCopy), HardwareBackend.Qsv);
        Assert.StartsWith("-init_hw_device vaapi=va:/dev/dri/renderD128 -init_hw_device qsv=hw@va -filter_hw_device hw -hwaccel qsv -hwaccel_device hw -hwaccel_output_format qsv -i ", args);
        Assert.Contains("-vf \"scale_qsv=w=1280:h=720:format=nv12\" -c:v hevc_qsv -global_quality 28 ", args);
        Assert.DoesNotContain("libx265", args);
        Assert.DoesNotContain("-pix_fmt", args);
    }

    [Fact]
    public void Nvenc_decodes_with_cuda_and_scales_with_scale_cuda()
    {
        var args = Args(Plan(Video(kbps: null), AudioCopy), HardwareBackend.Nvenc);
        Assert.StartsWith("-init_hw_device cuda=cu:0 -filter_hw_device cu -hwaccel cuda -hwaccel_device cu -hwaccel_output_format cuda -i ", args);
        Assert.Contains("-vf \"scale_cuda=w=1280:h=720:format=nv12\" -c:v h264_nvenc -rc vbr -cq 23 ", args);
    }

    [Theory]
    [InlineData(HardwareBackend.Vaapi, "-vaapi_device /dev/dri/renderD128 -i ", "format=nv12,hwupload,scale_vaapi=w=1280:h=720:format=nv12")]
    [InlineData(HardwareBackend.Qsv, "-init_hw_device vaapi=va:/dev/dri/renderD128 -init_hw_device qsv=hw@va -filter_hw_device hw -i ", "format=nv12,hwupload,scale_qsv=w=1280:h=720:format=nv12")]
    [InlineData(HardwareBackend.Nvenc, "-init_hw_device cuda=cu:0 -filter_hw_device cu -i ", "format=nv12,hwupload,scale_cuda=w=1280:h=720:format=nv12")]
    public void A_source_the_device_cannot_decode_is_decoded_in_software_and_uploaded(HardwareBackend backend, string input, string chain)
    {
        var plan = Plan(Video(source: "wmv3"), AudioCopy);
        Assert.StartsWith(input, Args(plan, backend));
        Assert.Contains($"-vf \"{chain}\"", Args(plan, backend));
        Assert.Equal($"{HardwareArguments.NameOf(backend)} does not decode wmv3", HardwareArguments.PlanFor(plan, backend, "x", true)!.Reason);
    }

    [Fact]
    public void Hardware_decoding_turned_off_uploads_even_a_decodable_source()
    {
        var args = Args(Plan(Video(), AudioCopy), HardwareBackend.Vaapi, decoding: false);
        Assert.StartsWith("-vaapi_device /dev/dri/renderD128 -i ", args);
        Assert.Contains("-vf \"format=nv12,hwupload,scale_vaapi=w=1280:h=720:format=nv12\" -c:v h264_vaapi", args);
    }

    [Fact]
    public void Hdr_is_tone_mapped_in_software_before_the_upload_and_says_why()
    {
        var plan = Plan(Video(source: "hevc", toneMap: true), AudioCopy);
        var args = Args(plan, HardwareBackend.Vaapi);
        Assert.StartsWith("-vaapi_device /dev/dri/renderD128 -i ", args);
        Assert.Contains(",format=yuv420p,format=nv12,hwupload,scale_vaapi=w=1280:h=720:format=nv12\" -c:v h264_vaapi", args);
        Assert.Contains("-vf \"zscale=t=linear:npl=100,", args);
        Assert.Equal("HDR tone mapping runs in software", HardwareArguments.PlanFor(plan, HardwareBackend.Vaapi, "x", true)!.Reason);
    }

    [Fact]
    public void Burned_subtitles_are_drawn_in_software_then_uploaded()
    {
        var subtitle = new StreamPlan { SourceIndex = 2, Kind = StreamKind.Subtitle, SourceCodec = "subrip", Decision = StreamDecision.Burn, Codec = "srt" };
        var plan = Plan(Video(), AudioCopy, subtitle);
        var args = Args(plan, HardwareBackend.Nvenc);
        Assert.Contains("-vf \"subtitles=filename=/tmp/job/input.mkv:si=0,format=nv12,hwupload,scale_cuda=w=1280:h=720:format=nv12\" -c:v h264_nvenc", args);
        Assert.Equal("burned subtitles are drawn in software", HardwareArguments.PlanFor(plan, HardwareBackend.Nvenc, "0", true)!.Reason);
    }

    [Fact]
    public void Copied_video_audio_only_and_no_backend_leave_the_software_arguments_unchanged()
    {
        var copy = Plan(new StreamPlan { SourceIndex = 0, Kind = StreamKind.Video, SourceCodec = "h264", Decision = StreamDecision.Copy, Codec = "h264" }, AudioCopy);
        Assert.Null(HardwareArguments.PlanFor(copy, HardwareBackend.Vaapi, "/dev/dri/renderD128", true));
        Assert.Null(HardwareArguments.PlanFor(Plan(AudioCopy), HardwareBackend.Qsv, "/dev/dri/renderD128", true));
        Assert.Null(HardwareArguments.PlanFor(Plan(Video()), HardwareBackend.None, "", true));
        var software = ConversionArguments.Build("/tmp/job/input.mkv", "/tmp/job/output.mp4", Plan(Video(), AudioCopy), "veryfast").Arguments;
        Assert.Equal(software, Args(Plan(Video(), AudioCopy), HardwareBackend.None));
        Assert.Contains("-c:v libx264", software);
    }

    [Fact]
    public void The_transcode_session_tells_what_actually_runs_on_the_device()
    {
        var session = new PlexQueueServer.Queue.TranscodeSession(1, 1, Plan(Video(), AudioCopy), new MediaFacts { Container = "mkv", Streams = [] }, CancellationToken.None);
        session.HardwareRequested = true;
        session.HardwareEncoding = "vaapi";
        var partial = session.ToDto();
        Assert.True(partial.TranscodeHwRequested);
        Assert.Equal(("vaapi", null, false), (partial.TranscodeHwEncoding, partial.TranscodeHwDecoding, partial.TranscodeHwFullPipeline));
        session.HardwareDecoding = "vaapi";
        Assert.True(session.ToDto().TranscodeHwFullPipeline);
        session.HardwareDecoding = session.HardwareEncoding = null; // the software retry
        Assert.Equal((true, false, null), (session.ToDto().TranscodeHwRequested, session.ToDto().TranscodeHwFullPipeline, session.ToDto().TranscodeHwEncoding));
    }

    [Theory]
    [InlineData("none", true)]
    [InlineData("VAAPI", true)]
    [InlineData("nvenc", true)]
    [InlineData("cuda", false)]
    [InlineData("1", false)]
    public void Only_the_four_backend_names_are_accepted(string text, bool valid) => Assert.Equal(valid, HardwareArguments.TryParse(text, out _));

    [Fact]
    public void The_probe_is_one_second_of_test_picture_through_upload_scaler_and_encoder()
    {
        Assert.Equal("-hide_banner -nostdin -v error -vaapi_device /dev/dri/renderD128 -f lavfi -i testsrc2=size=320x240:rate=25:duration=1 " +
            "-vf format=nv12,hwupload,scale_vaapi=w=160:h=120:format=nv12 -c:v h264_vaapi -b:v 475k -maxrate 500k -bufsize 500k -f null -",
            string.Join(' ', HardwareArguments.ProbeArguments(HardwareBackend.Vaapi, "/dev/dri/renderD128")));
    }

    /// <summary>
    /// Every encoder, filter and option the pipelines use exists in the ffmpeg installed here (Debian's has all three
    /// backends' encoders and scalers, even without a GPU to run them).
    /// </summary>
    [Theory]
    [InlineData("h264_vaapi", "-rc_mode", "-qp")]
    [InlineData("hevc_vaapi", "-rc_mode", "-qp")]
    [InlineData("h264_qsv")]
    [InlineData("hevc_qsv")]
    [InlineData("h264_nvenc", "-rc", "-cq")]
    [InlineData("hevc_nvenc", "-rc", "-cq")]
    public async Task The_encoders_and_their_private_options_exist_in_the_installed_ffmpeg(string encoder, params string[] options)
    {
        var help = await FfmpegAsync("-hide_banner", "-h", "encoder=" + encoder);
        Assert.Contains($"Encoder {encoder} ", help);
        foreach (var option in options) Assert.Contains($"  {option} ", help);
    }

    [Fact]
    public async Task The_scalers_upload_filter_and_generic_options_exist_in_the_installed_ffmpeg()
    {
        var filters = await FfmpegAsync("-hide_banner", "-filters");
        foreach (var filter in new[] { "scale_vaapi", "scale_qsv", "scale_cuda", "hwupload" }) Assert.Contains($" {filter} ", filters);
        foreach (var filter in new[] { "scale_vaapi", "scale_qsv", "scale_cuda" })
        {
            var help = await FfmpegAsync("-hide_banner", "-h", "filter=" + filter);
            foreach (var option in new[] { "w", "h", "format" }) Assert.Contains($"  {option} ", help);
        }
        var full = await FfmpegAsync("-hide_banner", "-h", "full");
        foreach (var option in new[] { "-global_quality", "-maxrate", "-bufsize", "-hwaccel", "-hwaccel_output_format", "-hwaccel_device", "-init_hw_device", "-filter_hw_device", "-vaapi_device" })
            Assert.Matches($"(?m)^ *{option} ", full); // tool options start the line, codec options are indented
    }

    private static async Task<string> FfmpegAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + stderr;
    }
}
