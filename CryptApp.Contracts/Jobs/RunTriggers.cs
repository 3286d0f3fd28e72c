namespace CryptApp.Contracts.Jobs;

/// <summary>What started a run (<see cref="RunRecord.Trigger"/>).</summary>
public static class RunTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";

    /// <summary>A Worker started while the last collection was older than its interval.</summary>
    public const string Startup = "startup";
}
