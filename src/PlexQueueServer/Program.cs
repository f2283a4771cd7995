using PlexQueueServer.Server;
using PlexQueueServer.Library;
using PlexQueueServer.Notifications;
using PlexQueueServer.Queue;
using PlexQueueServer.Transcoder;
using PlexQueueServer.Web;

// --demo-library is a switch, not a configuration key: take it out before configuration reads args.
var builder = WebApplication.CreateBuilder(args.Where(a => a != DemoLibrary.Flag).ToArray());
builder.AddPlexServer(demoLibrary: args.Contains(DemoLibrary.Flag));

var app = builder.Build();
if (!await app.CheckStartupAsync()) return 1; // an unusable data folder or database: one log line, exit code 1
app.UsePlexServer();
app.MapGeneral();
app.MapLibrary();
app.MapArtwork();
app.MapDownloadQueue();
app.MapDownloadQueueMedia();
app.MapUniversalDecision();
app.MapWebApp();
app.MapNotifications();

await app.RunAsync(); // async Main: Run() would block a thread-pool thread for the server's lifetime
return 0;

public partial class Program;
