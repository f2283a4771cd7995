namespace PlexQueueServer.Queue;

public static class DownloadQueueApi
{
    public static IServiceCollection AddDownloadQueue(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapDownloadQueue(this IEndpointRouteBuilder routes) => routes;
}
