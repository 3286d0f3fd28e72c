namespace CryptApp.Core.Jobs;

/// <summary>
/// A run request on the Redis queue, as one string <c>runId|job|traceparent</c> so the queue's Lua
/// scripts can read the run id without a JSON parser.
/// </summary>
public sealed record QueuedRun(string RunId, string Job, string? TraceParent)
{
    public string Encode() => $"{RunId}|{Job}|{TraceParent}";
}
