using PlexQueueServer.Conversion;
using PlexQueueServer.General;
using PlexQueueServer.Library;
using PlexQueueServer.Media;
using PlexQueueServer.Queue;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlexServer();

var app = builder.Build();
app.UsePlexServer();
app.MapGeneral();
app.MapLibrary();
app.MapDownloadQueue();
app.MapDownloadQueueMedia();

app.Run();

public partial class Program;
