using Microsoft.AspNetCore.StaticFiles;

namespace PlexQueueServer.Http;

/// <summary>Content types of the files we serve (originals, conversions, sidecar subtitles), with the media types ASP.NET's table lacks.</summary>
public static class MediaContentTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = Create();

    public static string Of(string path) => Provider.TryGetContentType(path, out var type) ? type : "application/octet-stream";

    private static FileExtensionContentTypeProvider Create()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".mkv"] = "video/x-matroska";
        provider.Mappings[".m4a"] = "audio/mp4";
        provider.Mappings[".flac"] = "audio/flac";
        provider.Mappings[".opus"] = "audio/ogg";
        provider.Mappings[".srt"] = "application/x-subrip";
        provider.Mappings[".vtt"] = "text/vtt";
        provider.Mappings[".ass"] = "text/x-ssa";
        provider.Mappings[".ssa"] = "text/x-ssa";
        return provider;
    }
}
