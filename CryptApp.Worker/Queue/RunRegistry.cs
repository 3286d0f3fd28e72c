using System.Collections.Concurrent;

namespace CryptApp.Worker.Queue;

/// <summary>
/// The runs this Worker is executing: lets a cancel request reach a running job, and lets the queue
/// consumer know when the job it handed to Quartz has finished.
/// </summary>
public sealed class RunRegistry
{
    private readonly ConcurrentDictionary<string, Entry> _runs = new();

    public CancellationToken Register(string runId) => _runs.GetOrAdd(runId, _ => new Entry()).Cancellation.Token;

    public Task Completion(string runId) => _runs.GetOrAdd(runId, _ => new Entry()).Done.Task;

    public void Cancel(string runId)
    {
        if (_runs.TryGetValue(runId, out var entry))
        {
            entry.Cancellation.Cancel();
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

    private sealed class Entry
    {
        public CancellationTokenSource Cancellation { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
