using CryptApp.Core.Streaming;

namespace CryptApp.UnitTests.Streaming;

/// <summary>What a feed asked of its connection, kept for a test to read.</summary>
public sealed class RecordingListener : IFeedListener
{
    public List<string> Sent { get; } = [];

    public List<LiveBook> Resynced { get; } = [];

    public List<string> Reconnects { get; } = [];

    public void Send(string message) => Sent.Add(message);

    public void Resync(LiveBook book) => Resynced.Add(book);

    public void Reconnect(string reason) => Reconnects.Add(reason);

    public List<string> Rotations { get; } = [];

    public void Rotate(string reason) => Rotations.Add(reason);
}
