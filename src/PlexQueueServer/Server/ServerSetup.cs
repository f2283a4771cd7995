using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Conversion;
using PlexQueueServer.Http;
using PlexQueueServer.Library;
using PlexQueueServer.Notifications;
using PlexQueueServer.OpenApi;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;
using PlexQueueServer.Web;

namespace PlexQueueServer.Server;

public static class ServerSetup
{
    public const int DefaultPort = 32400;

    public static WebApplicationBuilder AddPlexServer(this WebApplicationBuilder builder, bool demoLibrary = false)
    {
        // The top-level appsettings.json is copied next to the binaries: read it from there, below env and args.
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json", Optional = true, FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls($"http://0.0.0.0:{DefaultPort}");

        if (demoLibrary) DemoLibrary.AddTo(builder);

        var services = builder.Services;
        services.AddOptions<ServerOptions>().BindConfiguration("Server").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TranscoderOptions>().BindConfiguration("Transcoder").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LibraryOptions>().BindConfiguration("Library");
        services.AddOptions<AuthOptions>().BindConfiguration("Auth");
        services.AddSingleton<ResolvedPaths>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<MachineIdentity>();
        services.AddPlexPersistence();
        // Runs first among hosted services: the database, tokens and crash recovery are ready before any work starts.
        services.AddSingleton<ServerReady>();
        services.AddHostedService<ServerInitializer>();
        services.AddLibrary();
        services.AddArtwork();
        services.AddDownloadQueue();
        services.AddConversion();
        services.AddNotifications();
        Cluster.ClusterExtensions.AddCluster(services);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<FfmpegProbe>();
        services.AddBrowserAccess();
        services.AddWebApp();
        // The spec's security scheme, parameters and responses: minimal APIs cannot express them from handler signatures.
        services.AddOpenApi(o => o.AddDocumentTransformer<PlexDocumentTransformer>());
        return builder;
    }

    public static WebApplication UsePlexServer(this WebApplication app)
    {
        ServerReady.UseServerReady(app); // first: nothing below touches the database before it is migrated
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteErrorAsync,
            // A client's malformed value is answered 400, not logged as a server failure.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        Cluster.ClusterExtensions.UseServerRole(app);
        app.UseBrowserAccess(); // CORS preflights and Plex headers, ahead of the token check
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint("/openapi/v1.json", "PlexQueueServer");
            o.DisplayOperationId(); // the spec's operation ids are how Plex docs and SDKs name the routes
            o.EnablePersistAuthorization(); // the token survives a reload of the page
        });
        app.UseWebAppHeaders();
        app.UseMiddleware<TokenAuthenticationMiddleware>();
        app.Lifetime.ApplicationStarted.Register(() => LogAddresses(app));
        return app;
    }

    /// <summary>Where to browse the server, so a first run shows the Swagger UI address next to the generated token.</summary>
    private static void LogAddresses(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PlexQueueServer.Server.ServerSetup");
        // TestServer has no addresses feature: nothing to log there.
        var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var url in urls)
        {
            var browsable = url.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost");
            logger.LogInformation("Swagger UI at {SwaggerUrl}; web app at {WebUrl}; health at {HealthUrl}",
                browsable + "/swagger", browsable + "/web", browsable + "/health");
        }
    }

    /// <summary>Bad input is a 400 with its reason; anything else is logged and answered 500 without details.</summary>
    private static Task WriteErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
            return PlexResults.WriteHtmlAsync(context.Response, context.Response.StatusCode = bad.StatusCode, OneLine(bad.Message));
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return PlexResults.WriteHtmlAsync(context.Response, 500, "The server failed to handle this request.");
    }

    private static string OneLine(string message) => IdList.Truncate(message.ReplaceLineEndings(" "), 300);
}
