using PlexQueueServer.General;
using PlexQueueServer.Library;
using PlexQueueServer.Media;
using PlexQueueServer.Queue;
using PlexQueueServer.Transcoder;
using PlexQueueServer.Web;

// --demo-library is a switch, not a configuration key: take it out before configuration reads args.
var builder = WebApplication.CreateBuilder(args.Where(a => a != DemoLibrary.Flag).ToArray());
builder.AddPlexServer(demoLibrary: args.Contains(DemoLibrary.Flag));

var app = builder.Build();
app.UsePlexServer();
app.MapGeneral();
app.MapLibrary();
app.MapDownloadQueue();
app.MapDownloadQueueMedia();
app.MapUniversalDecision();
app.MapStatusPage();

app.Run();

public partial class Program;
