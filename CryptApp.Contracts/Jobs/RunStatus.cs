namespace CryptApp.Contracts.Jobs;

/// <summary>
/// <c>Queued → Running → Succeeded | PartiallySucceeded | Failed | Canceled</c>; a queued run may also be
/// canceled. A run whose Worker vanished ends <c>Failed</c> with a <c>worker lost</c> reason.
/// </summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    PartiallySucceeded,
    Failed,
    Canceled,
}

public static class RunStatusExtensions
{
    public static bool IsFinal(this RunStatus status) =>
        status is RunStatus.Succeeded or RunStatus.PartiallySucceeded or RunStatus.Failed or RunStatus.Canceled;
}
