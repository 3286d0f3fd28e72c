using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Worker.Runs;

namespace CryptApp.Worker.Etl;

/// <summary>The counters of a run in progress, updated by parallel symbol tasks, and how the run ends.</summary>
public sealed class RunProgress
{
    /// <summary>The symbol an error of the run as a whole is recorded under.</summary>
    public const string RunWide = "*";

    private readonly Lock _lock = new();
    private readonly List<RunError> _errors = [];
    private int _total;
    private int _done;
    private int _accepted;
    private int _rejected;
    private string? _failure;
    private string? _warning;

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

    /// <summary>A failure of the run itself (the symbol list): the run ends Failed with this reason.</summary>
    public void RunFailed(string reason)
    {
        lock (_lock)
        {
            _failure ??= reason;
            _errors.Add(new RunError(RunWide, reason));
        }
    }

    /// <summary>Something the run distrusted and left alone: it ends no better than PartiallySucceeded.</summary>
    public void Warn(string reason)
    {
        lock (_lock)
        {
            _warning ??= reason;
            _errors.Add(new RunError(RunWide, reason));
        }
    }

    public RunCounts Counts()
    {
        lock (_lock)
        {
            var failed = _errors.Count(e => e.Symbol != RunWide);
            var (errors, omitted) = RunErrors.Cap(_errors.OrderBy(e => e.Symbol, StringComparer.Ordinal).ToList());
            return new RunCounts(_total, _done, _done - failed, failed, _accepted, _rejected, errors, ErrorsOmitted: omitted);
        }
    }

    /// <summary>Failed when the run failed or nothing could be collected; partial when some symbols failed or a warning stands.</summary>
    public RunOutcome Outcome()
    {
        var counts = Counts();
        lock (_lock)
        {
            if (_failure is not null)
            {
                return new RunOutcome(RunStatus.Failed, _failure, counts);
            }

            if (counts.SymbolsTotal > 0 && counts.SymbolsFailed == counts.SymbolsTotal)
            {
                return new RunOutcome(RunStatus.Failed, $"all {counts.SymbolsTotal} symbols failed", counts);
            }

            var reasons = new List<string>();
            if (counts.SymbolsFailed > 0)
            {
                reasons.Add($"{counts.SymbolsFailed} of {counts.SymbolsTotal} symbols failed");
            }

            if (_warning is not null)
            {
                reasons.Add(_warning);
            }

            return reasons.Count > 0
                ? new RunOutcome(RunStatus.PartiallySucceeded, string.Join("; ", reasons), counts)
                : new RunOutcome(RunStatus.Succeeded, null, counts);
        }
    }
}
