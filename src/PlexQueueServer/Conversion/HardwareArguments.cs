using System.Globalization;
using PlexQueueServer.Configuration;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Conversion;

public enum HardwareBackend { None, Vaapi, Qsv, Nvenc }

/// <summary>
/// What a job runs on the device: Decode false means ffmpeg decodes (and filters) in software and uploads the
/// frames; Reason says why when hardware was asked for but not (fully) used.
/// </summary>
public sealed record HardwarePlan(HardwareBackend Backend, string Device, bool Decode, string? Reason)
{
    public string Name => HardwareArguments.NameOf(Backend);
}

/// <summary>
/// ffmpeg arguments for the GPU pipelines, a pure function of the plan and the backend: codecs and sizes come
/// from the plan's whitelisted values, the device from validated configuration, never from a client string.
/// </summary>
public static class HardwareArguments
{
    /// <summary>Source codecs (ffprobe names) each backend's decoder takes on common hardware; others decode in software.</summary>
    private static readonly Dictionary<HardwareBackend, HashSet<string>> Decodable = new()
    {
        [HardwareBackend.Vaapi] = ["h264", "hevc", "mpeg2video", "vp8", "vp9", "av1"],
        [HardwareBackend.Qsv] = ["h264", "hevc", "mpeg2video", "vp9", "av1"],
        [HardwareBackend.Nvenc] = ["h264", "hevc", "mpeg2video", "mpeg4", "vp8", "vp9", "av1"],
    };

    private static readonly Dictionary<HardwareBackend, string> Suffixes = new()
    {
        [HardwareBackend.Vaapi] = "vaapi", [HardwareBackend.Qsv] = "qsv", [HardwareBackend.Nvenc] = "nvenc",
    };

    public static string NameOf(HardwareBackend backend) => backend.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out HardwareBackend backend) =>
        Enum.TryParse(string.IsNullOrWhiteSpace(text) ? "none" : text.Trim(), ignoreCase: true, out backend)
        && Enum.IsDefined(backend) && !int.TryParse(text, out _);

    /// <summary>The device a backend uses when none is configured: the first render node, or CUDA device 0.</summary>
    public static string DefaultDevice(HardwareBackend backend) => backend == HardwareBackend.Nvenc ? "0" : "/dev/dri/renderD128";

    /// <summary>
    /// The hardware plan for a job, or null when its video is not encoded on the device (copied, audio only,
    /// or no backend configured).
    /// </summary>
    public static HardwarePlan? PlanFor(PlaybackDecision plan, HardwareBackend backend, string device, bool hardwareDecoding)
    {
        if (backend == HardwareBackend.None || plan.Video is not { Decision: StreamDecision.Transcode } video) return null;
        if (video.Codec is not ("h264" or "hevc")) return null;
        string? reason = null;
        if (video.ToneMap) reason = "HDR tone mapping runs in software";
        else if (plan.Streams.Any(s => s is { Kind: StreamKind.Subtitle, Decision: StreamDecision.Burn })) reason = "burned subtitles are drawn in software";
        else if (!hardwareDecoding) reason = "hardware decoding is turned off";
        else if (!Decodable[backend].Contains(video.SourceCodec)) reason = $"{NameOf(backend)} does not decode {video.SourceCodec}";
        return new HardwarePlan(backend, device, reason is null, reason);
    }

    /// <summary>Arguments before the input: the device, and the hardware decoder when the pipeline decodes on it.</summary>
    public static IReadOnlyList<string> InputArguments(HardwarePlan hw) => (hw.Backend, hw.Decode) switch
    {
        (HardwareBackend.Vaapi, true) => ["-vaapi_device", hw.Device, "-hwaccel", "vaapi", "-hwaccel_output_format", "vaapi"],
        (HardwareBackend.Vaapi, false) => ["-vaapi_device", hw.Device],
        // On Linux QSV sits on a VAAPI device (the render node); the filters use the derived QSV device.
        (HardwareBackend.Qsv, true) => ["-init_hw_device", "vaapi=va:" + hw.Device, "-init_hw_device", "qsv=hw@va", "-filter_hw_device", "hw",
            "-hwaccel", "qsv", "-hwaccel_device", "hw", "-hwaccel_output_format", "qsv"],
        (HardwareBackend.Qsv, false) => ["-init_hw_device", "vaapi=va:" + hw.Device, "-init_hw_device", "qsv=hw@va", "-filter_hw_device", "hw"],
        (HardwareBackend.Nvenc, true) => ["-init_hw_device", "cuda=cu:" + hw.Device, "-filter_hw_device", "cu",
            "-hwaccel", "cuda", "-hwaccel_device", "cu", "-hwaccel_output_format", "cuda"],
        (HardwareBackend.Nvenc, false) => ["-init_hw_device", "cuda=cu:" + hw.Device, "-filter_hw_device", "cu"],
        _ => [],
    };

    /// <summary>
    /// The video filter chain: software filters (tone map, burned subtitles) first, then the upload when the frames are
    /// in memory, then the device's scaler, which also settles the 8-bit 4:2:0 format every player decodes.
    /// </summary>
    public static string VideoFilter(HardwarePlan hw, int? width, int? height, IEnumerable<string>? softwareFilters = null)
    {
        var chain = new List<string>(softwareFilters ?? []);
        if (!hw.Decode) chain.Add("format=nv12,hwupload");
        var size = width is { } w && height is { } h
            ? string.Create(CultureInfo.InvariantCulture, $"w={w}:h={h}:") : "";
        chain.Add(hw.Backend switch
        {
            HardwareBackend.Vaapi => $"scale_vaapi={size}format=nv12",
            HardwareBackend.Qsv => $"scale_qsv={size}format=nv12",
            _ => $"scale_cuda={size}format=nv12",
        });
        return string.Join(',', chain);
    }

    /// <summary>Encoder and rate control: the plan's cap as VBR under it, otherwise each encoder's constant quality.</summary>
    public static IReadOnlyList<string> EncoderArguments(HardwarePlan hw, string codec, int? capKbps)
    {
        var encoder = (codec == "hevc" ? "hevc_" : "h264_") + Suffixes[hw.Backend];
        var quality = (codec == "hevc" ? 28 : 23).ToString(CultureInfo.InvariantCulture);
        if (capKbps is { } kbps)
        {
            string K(int v) => v.ToString(CultureInfo.InvariantCulture) + "k";
            return ["-c:v", encoder, "-b:v", K(Math.Max(1, kbps * 95 / 100)), "-maxrate", K(kbps), "-bufsize", K(kbps)];
        }
        return hw.Backend switch
        {
            HardwareBackend.Vaapi => ["-c:v", encoder, "-rc_mode", "CQP", "-qp", quality],
            HardwareBackend.Qsv => ["-c:v", encoder, "-global_quality", quality],
            _ => ["-c:v", encoder, "-rc", "vbr", "-cq", quality],
        };
    }

    /// <summary>
    /// The start probe: one second of lavfi test picture through the same upload, scaler and h264 encoder a job
    /// uses (frames start in memory, as with software decoding), written nowhere.
    /// </summary>
    public static IReadOnlyList<string> ProbeArguments(HardwareBackend backend, string device)
    {
        var hw = new HardwarePlan(backend, device, Decode: false, Reason: null);
        return ["-hide_banner", "-nostdin", "-v", "error", .. InputArguments(hw),
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1",
            "-vf", VideoFilter(hw, 160, 120), .. EncoderArguments(hw, "h264", 500), "-f", "null", "-"];
    }
}
