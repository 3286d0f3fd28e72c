using System.Collections.Concurrent;
using CryptApp.Core.Jobs;

namespace CryptApp.Worker.Runs;

/// <summary>
/// The runs and venue parts this Worker is executing: lets a cancel request (or the host's shutdown) reach
/// running work with its reason, and lets the queue consumer know when the job it handed to Quartz has finished.
/// </summary>
public sealed class RunRegistry
{
    private readonly ConcurrentDictionary<string, Entry> _runs = new();

    /// <summary>On SIGTERM every run is canceled at once, so it ends Canceled within the host's shutdown timeout.</summary>
    public RunRegistry(IHostApplicationLifetime lifetime) =>
        lifetime.ApplicationStopping.Register(() => CancelAll(RunGate.ShuttingDown));

    /// <summary>The ids of the runs this process is executing (or about to).</summary>
    public IEnumerable<string> Executing => _runs.Keys;

    public CancellationToken Register(string runId) => Get(runId).Cancellation.Token;

    public Task Completion(string runId) => Get(runId).Done.Task;

    /// <summary>Why the run was canceled, or null if it was not.</summary>
    public string? ReasonOf(string runId) => _runs.TryGetValue(runId, out var entry) ? entry.Reason : null;

    /// <summary>Cancels the run, or the venue part, with that id; a run's id also cancels its parts running here.</summary>
    public void Cancel(string runId, string reason)
    {
        foreach (var (id, entry) in _runs)
        {
            if (id == runId || PartIds.IsOf(id, runId))
            {
                entry.Cancel(reason);
            }
        }
    }

    public void CancelAll(string reason)
    {
        foreach (var entry in _runs.Values)
        {
            entry.Cancel(reason);
        }
    }

    public void Complete(string runId)
    {
        if (_runs.TryRemove(runId, out var entry))
        {
            entry.Done.TrySetResult();
            entry.Cancellation.Dispose();
        }
    }

    private Entry Get(string runId) => _runs.GetOrAdd(runId, _ => new Entry());

    private sealed class Entry
    {
        public CancellationTokenSource Cancellation { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Reason { get; private set; }

        public void Cancel(string reason)
        {
            Reason ??= reason;
            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Completed in the meantime: nothing left to cancel.
            }
        }
    }
}
