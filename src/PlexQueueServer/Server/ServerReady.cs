namespace PlexQueueServer.Server;

/// <summary>
/// Completes once the database is migrated and the tokens are loaded. Kestrel listens before that (start-up
/// under a second): /identity answers at once, every other request and the background loops wait for it.
/// </summary>
public sealed class ServerReady
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => ready.Task;

    public bool IsReady => ready.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken ct) => ready.Task.WaitAsync(ct);

    internal void Set() => ready.TrySetResult();

    internal void Fail(Exception e) => ready.TrySetException(e);

    /// <summary>Holds every request but GET/HEAD /identity (which reads no database) until the server is ready.</summary>
    public static IApplicationBuilder UseServerReady(IApplicationBuilder app)
    {
        var state = app.ApplicationServices.GetRequiredService<ServerReady>();
        // PostgreSQL: the machine identifier comes from the database, so /identity waits too.
        var identityWaits = app.ApplicationServices.GetRequiredService<Cluster.ClusterInstance>().IsPostgres;
        return app.Use(async (context, next) =>
        {
            if (!state.IsReady && (identityWaits || !context.Request.Path.Equals("/identity", StringComparison.OrdinalIgnoreCase)))
            {
                try { await state.WaitAsync(context.RequestAborted); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    await context.Response.WriteAsync("The server failed to start: see its log.");
                    return;
                }
            }
            await next(context);
        });
    }
}
