namespace PlexQueueServer.Http;

/// <summary>
/// HEAD answers with GET's status and headers and no body. Kestrel drops a HEAD body on the wire, but the test
/// host and anything in-process would not, so the body is discarded here.
/// </summary>
public static class HeadRequests
{
    public static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static RouteHandlerBuilder WithoutBodyOnHead(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            return HttpMethods.IsHead(context.HttpContext.Request.Method) && result is IResult inner ? new HeadResult(inner) : result;
        });

    private sealed class HeadResult(IResult inner) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try { await inner.ExecuteAsync(context); }
            finally { context.Response.Body = body; }
        }
    }
}
