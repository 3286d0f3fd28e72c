namespace CryptApp.Core.Jobs;

/// <summary>
/// A run request on the Redis queue, as one string <c>runId|job|traceparent</c> so the queue's Lua
/// scripts can read the run id without a JSON parser.
/// </summary>
public sealed record QueuedRun(string RunId, string Job, string? TraceParent)
{
    public string Encode() => $"{RunId}|{Job}|{TraceParent}";

    public static QueuedRun? Decode(string? message) =>
        message?.Split('|') is [var id, var job, var trace] && id.Length > 0 && job.Length > 0
            ? new QueuedRun(id, job, trace.Length == 0 ? null : trace)
            : null;
}
