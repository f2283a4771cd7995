using PlexQueueServer.Http;

namespace PlexQueueServer.Cluster;

public static class ClusterExtensions
{
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        services.AddSingleton<JobLeases>();
        services.AddHostedService<ClusterSignals>();
        services.AddHostedService<InstanceHeartbeat>();
        return services;
    }

    /// <summary>
    /// Server:Role=worker answers only what lets any instance serve clients' files: /identity, /health and item media;
    /// the queue API is the api instances' (one clear 404 line says so).
    /// </summary>
    public static IApplicationBuilder UseServerRole(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<ClusterInstance>().Role != "worker") return app;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            var served = path.Equals("/identity", StringComparison.OrdinalIgnoreCase) || path.Equals("/health", StringComparison.OrdinalIgnoreCase)
                || (path.StartsWith("/downloadQueue/", StringComparison.OrdinalIgnoreCase) && path.EndsWith("/media", StringComparison.OrdinalIgnoreCase));
            if (served) { await next(context); return; }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await PlexResults.WriteHtmlAsync(context.Response, 404, "This instance is a worker (Server:Role=worker): it serves /identity, /health and item media only.");
        });
    }
}
