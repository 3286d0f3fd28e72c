namespace CryptApp.Api.Streams;

/// <summary>What a topic pushes to: a client's stream, or a pair topic that watches its member markets.</summary>
public interface ITopicSink
{
    /// <summary>The topic's newest view; as a <c>snapshot</c> when the sink joins and after the Api lost its store.</summary>
    void OfferView(TopicView view, bool snapshot);

    /// <summary>An encoded <c>status</c> event.</summary>
    void OfferStatus(byte[] statusEvent);

    /// <summary>The topic ended (its market is gone): nothing more comes.</summary>
    void Complete();
}
