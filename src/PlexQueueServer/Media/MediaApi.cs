namespace PlexQueueServer.Media;

public static class MediaApi
{
    public static IEndpointRouteBuilder MapDownloadQueueMedia(this IEndpointRouteBuilder routes) => routes;
}
