using PlexQueueServer.Decisions;

namespace PlexQueueServer.Tests.Decisions;

public class VideoScalerTests
{
    [Theory]
    [InlineData(1920, 1080, 1280, 720, 1280, 720)]
    [InlineData(1920, 800, 1280, 720, 1280, 534)]
    [InlineData(720, 1280, 1280, 720, 406, 720)]
    [InlineData(640, 360, 1280, 720, 640, 360)]     // never upscaled
    [InlineData(1281, 721, null, null, 1280, 720)]  // odd source: even, not larger
    [InlineData(1920, 1080, 1279, 719, 1278, 718)]  // odd caps: even and inside
    [InlineData(3840, 1600, 1920, null, 1920, 800)]
    [InlineData(1440, 1080, null, 480, 640, 480)]
    [InlineData(4, 4000, 1280, 720, 2, 720)]        // degenerate: at least 2 pixels
    public void Fits_inside_the_box(int w, int h, int? mw, int? mh, int ew, int eh) =>
        Assert.Equal((ew, eh), VideoScaler.Fit(w, h, mw, mh));
}
