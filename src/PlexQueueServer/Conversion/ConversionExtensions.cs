namespace PlexQueueServer.Conversion;

public static class ConversionExtensions
{
    public static IServiceCollection AddConversion(this IServiceCollection services)
    {
        services.AddScoped<ItemDecider>();
        services.AddScoped<ItemConverter>();
        services.AddSingleton<HardwareProbe>();
        services.AddSingleton<SharedConversions>();
        services.AddHostedService(sp => sp.GetRequiredService<HardwareProbe>());
        services.AddHostedService<DownloadQueueWorker>();
        return services;
    }
}
