using System.Net.Sockets;
using System.Text;

namespace CryptApp.Tests.Infrastructure.Redis;

/// <summary>
/// A client that knows the cache's address and nothing else: it sends raw RESP over TCP, with no
/// Redis library in between, and reports the server's first reply line.
/// </summary>
public static class StrangerProbe
{
    /// <summary>Sends <paramref name="command"/> as a RESP array to the host and port of <paramref name="connectionString"/>, without a password.</summary>
    public static async Task<string> ReplyAsync(string connectionString, string command, CancellationToken ct)
    {
        var parts = command.Split(' ');
        var request = $"*{parts.Length}\r\n" + string.Concat(parts.Select(part => $"${Encoding.ASCII.GetByteCount(part)}\r\n{part}\r\n"));
        var address = connectionString.Split(',')[0];
        var colon = address.LastIndexOf(':');
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address[..colon], int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), ct)
            .AsTask().Within(Timeouts.Request, $"a TCP connection to {address}");
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(ct).AsTask().Within(Timeouts.Request, $"the reply to {command} from {address}") ?? "(connection closed)";
    }
}
