using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Library;

/// <summary>
/// A library filled by a downloader holds names with quotes, ampersands and angle brackets. They scan like any
/// other file, and a folder name written to break out of a quoted command line makes ffprobe write nothing.
/// </summary>
public class HostileNameTests(HostileNameTests.HostileLibraryFactory factory) : IClassFixture<HostileNameTests.HostileLibraryFactory>
{
    public sealed class HostileLibraryFactory : PlexServerFactory
    {
        public const string QuotedFile = "Tom & Jerry <\"x\"> (2001).mp4";
        public const string EscapingFile = "Escaping Folder (2002).mp4";

        /// <summary>Where a quote-breaking folder name asks ffprobe to write (`-o`): must stay empty.</summary>
        public string TargetPath => Path.Combine(Root, "target");

        /// <summary>`…/x" -o "/abs/target/Escaping Folder (2002).mp4` split on quotes is input, -o, and a path in TargetPath.</summary>
        public string EscapingPath => MoviesPath + "/x\" -o \"" + TargetPath + "/" + EscapingFile;

        public HostileLibraryFactory()
        {
            Directory.CreateDirectory(TargetPath);
            TestMedia.SmallClip(Path.Combine(MoviesPath, QuotedFile));
            TestMedia.SmallClip(EscapingPath, frequency: 550);
        }
    }

    [Fact]
    public async Task A_file_named_with_quotes_ampersand_and_angle_brackets_scans_like_any_other()
    {
        var client = factory.CreatePlexClient();

        var key = await client.RatingKeyOfAsync(1, "Tom & Jerry <\"x\">");

        var item = (await client.GetContainerAsync($"/library/metadata/{key}")).Metadata().Single();
        Assert.Equal(2001, item.GetProperty("year").GetInt32());
        var part = item.GetProperty("Media")[0].GetProperty("Part")[0];
        Assert.Equal(Path.Combine(factory.MoviesPath, HostileLibraryFactory.QuotedFile), part.GetProperty("file").GetString());
        Assert.Equal(new FileInfo(Path.Combine(factory.MoviesPath, HostileLibraryFactory.QuotedFile)).Length, part.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task A_folder_name_that_breaks_out_of_quotes_is_scanned_and_makes_ffprobe_write_nothing()
    {
        var client = factory.CreatePlexClient();

        var key = await client.RatingKeyOfAsync(1, "Escaping Folder");

        var item = (await client.GetContainerAsync($"/library/metadata/{key}")).Metadata().Single();
        Assert.Equal(2002, item.GetProperty("year").GetInt32());
        Assert.Empty(Directory.EnumerateFileSystemEntries(factory.TargetPath));
    }
}
