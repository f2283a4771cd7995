namespace PlexQueueServer.Decisions;

/// <summary>Fits a frame inside a box: keeps the aspect ratio, never upscales, both sides even (encoders need it).</summary>
public static class VideoScaler
{
    public static (int Width, int Height) Fit(int width, int height, int? maxWidth, int? maxHeight)
    {
        var scale = 1.0;
        if (maxWidth is > 0) scale = Math.Min(scale, (double)maxWidth.Value / width);
        if (maxHeight is > 0) scale = Math.Min(scale, (double)maxHeight.Value / height);
        return (Even(width * scale, Limit(width, maxWidth)), Even(height * scale, Limit(height, maxHeight)));
    }

    private static int Limit(int source, int? cap) => cap is > 0 ? Math.Min(source, cap.Value) : source;

    // Nearest even number, stepped down when rounding up would cross the cap or the source size
    // (an odd 1281 becomes 1280, not 1282). Never below 2, the smallest frame an encoder takes.
    private static int Even(double value, int limit)
    {
        var even = (int)Math.Round(value / 2, MidpointRounding.AwayFromZero) * 2;
        if (even > limit) even -= 2;
        return Math.Max(2, even);
    }
}
