namespace CryptApp.Worker.Runs;

/// <summary>This process as an owner of leases: a restarted Worker is a new owner, so it settles what the old one left.</summary>
public static class WorkerIdentity
{
    public static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}";
}
