using System.Net.WebSockets;
using System.Text;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>One client connection to a fake stream: what it subscribed, at which depth, and the connection's own sequence.</summary>
public sealed class FakeStreamSession(WebSocket socket)
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public HashSet<string> Symbols { get; } = new(StringComparer.Ordinal);

    public int Depth { get; set; } = int.MaxValue;

    /// <summary>The connection-wide sequence (Coinbase's sequence_num, Blockchain.com's seqnum) of the last frame sent.</summary>
    public long Sequence { get; set; } = -1;

    public WebSocket Socket => socket;

    /// <summary>Announced its end (Binance's <c>serverShutdown</c>): it streams on until the client's next connection has subscribed.</summary>
    public bool Closing { get; set; }

    /// <summary>Per symbol, the top levels this connection was last sent (Kraken, whose updates only cover the subscribed depth).</summary>
    public Dictionary<string, (List<KeyValuePair<decimal, decimal>> Bids, List<KeyValuePair<decimal, decimal>> Asks)> Sent { get; } = [];

    public async Task SendAsync(string text)
    {
        await _send.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            // The client went away.
        }
        finally
        {
            _send.Release();
        }
    }
}
