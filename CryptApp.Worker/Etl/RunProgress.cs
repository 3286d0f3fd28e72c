using CryptApp.Core.Jobs;

namespace CryptApp.Worker.Etl;

/// <summary>The counters of a run in progress, updated by parallel symbol tasks.</summary>
public sealed class RunProgress(RunRecord start)
{
    private readonly Lock _lock = new();
    private readonly List<RunError> _errors = [];
    private int _total;
    private int _done;
    private int _accepted;
    private int _rejected;

    public void SetTotal(int total)
    {
        lock (_lock)
        {
            _total = total;
        }
    }

    public void Succeeded(int accepted, int rejected)
    {
        lock (_lock)
        {
            _done++;
            _accepted += accepted;
            _rejected += rejected;
        }
    }

    public void Failed(string symbol, string reason)
    {
        lock (_lock)
        {
            _done++;
            _errors.Add(new RunError(symbol, reason));
        }
    }

    /// <summary>A failure of the run itself (the symbol list), not of one symbol.</summary>
    public void RunFailed(string reason)
    {
        lock (_lock)
        {
            _errors.Add(new RunError("*", reason));
        }
    }

    public RunRecord Snapshot(RunStatus status, DateTimeOffset? finishedAt)
    {
        lock (_lock)
        {
            var failed = _errors.Count(e => e.Symbol != "*");
            return start with
            {
                Status = status,
                FinishedAt = finishedAt,
                SymbolsTotal = _total,
                SymbolsDone = _done,
                SymbolsSucceeded = _done - failed,
                SymbolsFailed = failed,
                EntriesAccepted = _accepted,
                EntriesRejected = _rejected,
                Errors = _errors.OrderBy(e => e.Symbol, StringComparer.Ordinal).ToList(),
            };
        }
    }

    /// <summary>Failed when nothing could be collected, partial when some symbols failed.</summary>
    public RunStatus FinalStatus()
    {
        lock (_lock)
        {
            var failed = _errors.Count(e => e.Symbol != "*");
            return _errors.Any(e => e.Symbol == "*") || (_total > 0 && failed == _total) ? RunStatus.Failed
                : failed > 0 ? RunStatus.PartiallySucceeded
                : RunStatus.Succeeded;
        }
    }
}
