namespace PlexQueueServer.Conversion;

public static class ConversionExtensions
{
    public static IServiceCollection AddConversion(this IServiceCollection services)
    {
        services.AddSingleton<TranscodeJobs>();
        services.AddSingleton<QueueSignals>();
        services.AddScoped<ItemDecider>();
        services.AddScoped<ItemConverter>();
        services.AddHostedService<DownloadQueueWorker>();
        return services;
    }
}
