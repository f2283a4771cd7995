namespace PlexQueueServer.Conversion;

public static class ConversionExtensions
{
    public static IServiceCollection AddConversion(this IServiceCollection services)
    {
        services.AddScoped<ItemDecider>();
        services.AddScoped<ItemConverter>();
        services.AddHostedService<DownloadQueueWorker>();
        return services;
    }
}
