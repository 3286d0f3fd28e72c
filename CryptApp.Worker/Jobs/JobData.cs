namespace CryptApp.Worker.Jobs;

/// <summary>Keys of the data a queued run hands to its Quartz job.</summary>
public static class JobData
{
    public const string RunId = "runId";
    public const string Trigger = "trigger";
    public const string TraceParent = "traceparent";
}
