namespace PlexQueueServer.Library;

public static class LibraryApi
{
    public static IServiceCollection AddLibrary(this IServiceCollection services) => services.AddScoped<LibraryCatalog>();

    public static IEndpointRouteBuilder MapLibrary(this IEndpointRouteBuilder routes) => routes;
}
