using System.Net.Sockets;
using System.Text;

namespace CryptApp.Tests.Infrastructure.Api;

/// <summary>A stream client that asks and then never reads: a raw socket with a 4 KB receive window.</summary>
public static class StalledClient
{
    /// <summary>Connects to <paramref name="api"/> and sends the GET of <paramref name="url"/>; reads nothing.</summary>
    public static async Task<Socket> OpenAsync(Uri api, string url, CancellationToken ct)
    {
        // IPv4 only: the connection is then listed in /proc/net/tcp (see IsEstablished).
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(api.Host, api.Port, ct);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {url} HTTP/1.1\r\nHost: {api.Authority}\r\nAccept: text/event-stream\r\n\r\n"), ct);
        return socket;
    }

    /// <summary>
    /// Whether the kernel still holds the connection as established (<c>/proc/net/tcp</c>, state 01), asked without
    /// reading from it: a server that closed it (FIN or reset) moved it out of that state.
    /// </summary>
    public static bool IsEstablished(Socket socket)
    {
        var port = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
        var local = $"0100007F:{port:X4}";
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields[1] == local && fields[3] == "01");
    }

    /// <summary>
    /// Whether the server closed the connection: reading it ends (after what the kernel had buffered) or is reset within
    /// <paramref name="timeout"/>, rather than going on.
    /// </summary>
    public static async Task<bool> ClosedByServerAsync(Socket socket, TimeSpan timeout, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            while (await socket.ReceiveAsync(buffer, timer.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
