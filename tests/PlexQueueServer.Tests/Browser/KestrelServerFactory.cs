using System.Net;
using System.Net.Sockets;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Browser;

/// <summary>The test server on a real Kestrel socket at 127.0.0.1, so a browser can reach it (TestServer is in-memory only).</summary>
public sealed class KestrelServerFactory : PlexServerFactory
{
    public KestrelServerFactory()
    {
        Port = FreePort();
        UseKestrel(Port);
        StartServer();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
