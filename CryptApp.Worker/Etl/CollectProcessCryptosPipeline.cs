using System.Diagnostics;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Exchanges;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CryptApp.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Etl;

/// <summary>
/// The ETL of the original system: list the open symbols, fetch each order book, compute its
/// metrics, store one snapshot per symbol, and drop symbols the exchange no longer trades.
/// A symbol that fails keeps its last good snapshot, is recorded with its reason, and does not
/// stop the others. A symbol list that fails, lists nothing open, or would drop most markets at once
/// removes nothing. Progress is reported while the run goes; the closing work (removals, trimming,
/// the announcement) runs on every path, a cancel included.
/// </summary>
public sealed partial class CollectProcessCryptosPipeline(
    BlockchainExchangeClient exchange,
    MarketStore markets,
    JobStore runs,
    IOptions<EtlOptions> options,
    TimeProvider time,
    WorkerTelemetry telemetry,
    ILogger<CollectProcessCryptosPipeline> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public async Task<RunOutcome> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity(run.Job.Name, ActivityKind.Internal, run.Parent);
        activity?.SetTag("cryptapp.run.id", run.RunId);
        activity?.SetTag("cryptapp.run.trigger", run.Trigger);

        var progress = new RunProgress();
        IReadOnlyList<string>? open = null;
        var canceled = false;
        try
        {
            open = await ExtractOpenSymbolsAsync(progress, cancellationToken);
            if (open is not null)
            {
                progress.SetTotal(open.Count);
                await CollectAllAsync(run, open, progress, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            canceled = true;
        }
        finally
        {
            await CloseAsync(run.RunId, open, progress);
        }

        var outcome = canceled ? new RunOutcome(RunStatus.Canceled, null, progress.Counts()) : progress.Outcome();
        activity?.SetTag("cryptapp.run.status", outcome.Status.ToString());
        activity?.SetTag("cryptapp.symbols.total", outcome.Counts.SymbolsTotal);
        activity?.SetTag("cryptapp.symbols.failed", outcome.Counts.SymbolsFailed);
        if (outcome.Status is RunStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }

        LogRunFinished(run.RunId, outcome.Status, outcome.Counts.SymbolsSucceeded, outcome.Counts.SymbolsTotal, outcome.Counts.SymbolsFailed,
            outcome.Counts.EntriesAccepted, outcome.Counts.EntriesRejected);
        return outcome;
    }

    /// <summary>Each step on its own: one failing (Redis gone) must not skip the others.</summary>
    private async Task CloseAsync(string runId, IReadOnlyList<string>? open, RunProgress progress)
    {
        if (open is not null)
        {
            await Guarded("remove closed symbols", () => RemoveClosedAsync(open, progress));
        }

        await Guarded("trim run records", () => runs.TrimAsync(options.Value.RunHistoryLimit));
        await Guarded("announce new data", () => markets.PublishChangedAsync(runId));
    }

    private async Task Guarded(string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            LogClosingStepFailed(step, ex.Message);
        }
    }

    /// <summary>The open symbols, or null (with the run failed and its reason) when the list cannot be trusted.</summary>
    private async Task<IReadOnlyList<string>?> ExtractOpenSymbolsAsync(RunProgress progress, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity("ExtractSymbols");
        IReadOnlyList<ExchangeSymbol> symbols;
        try
        {
            symbols = await exchange.GetSymbolsAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            progress.RunFailed($"symbol list: {Describe(ex)}; no market removed");
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return null;
        }

        var open = symbols
            .Where(s => s.IsOpen)
            .Select(s => s.Symbol)
            .DistinctBy(RedisKeys.Normalize)
            .ToList();
        activity?.SetTag("cryptapp.symbols.listed", symbols.Count);
        activity?.SetTag("cryptapp.symbols.open", open.Count);
        if (open.Count == 0)
        {
            // An exchange in maintenance lists everything halted, or nothing: that is not a delisting.
            progress.RunFailed($"symbol list: no open symbol among {symbols.Count} listed; no market removed");
            return null;
        }

        return open;
    }

    private async Task CollectAllAsync(RunContext run, IReadOnlyList<string> open, RunProgress progress, CancellationToken cancellationToken)
    {
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = ReportProgressAsync(run, progress, reporting.Token);
        try
        {
            await Parallel.ForEachAsync(
                open,
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = cancellationToken },
                async (symbol, token) => await CollectSymbolAsync(symbol, progress, token));
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
        }
    }

    private async Task ReportProgressAsync(RunContext run, RunProgress progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await run.ReportAsync(progress.Counts());
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over; its final record follows.
        }
    }

    private async Task CollectSymbolAsync(string symbol, RunProgress progress, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity("CollectSymbol");
        activity?.SetTag("cryptapp.symbol", symbol);
        try
        {
            var book = await exchange.GetOrderBookAsync(symbol, cancellationToken);
            var analysis = MarketAnalyzer.Analyze(book, time.GetUtcNow());
            await markets.SaveAsync(analysis, options.Value.HistoryRetention);

            activity?.SetTag("cryptapp.entries", book.AcceptedEntries);
            activity?.SetTag("cryptapp.entries.rejected", book.RejectedEntries);
            if (book.RejectedEntries > 0)
            {
                LogRejectedEntries(symbol, book.RejectedEntries, string.Join(", ", book.Rejections.Select(r => $"{r.Key}: {r.Value}")));
            }

            progress.Succeeded(book.AcceptedEntries, book.RejectedEntries);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = Describe(ex);
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            LogSymbolFailed(symbol, reason);
            progress.Failed(symbol, reason);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        Polly.Timeout.TimeoutRejectedException => "timed out waiting for the exchange",
        Polly.CircuitBreaker.BrokenCircuitException => "circuit open: the exchange failed too often, not asked",
        TaskCanceledException => "timed out waiting for the exchange",
        _ => ex.Message,
    };

    private async Task RemoveClosedAsync(IReadOnlyList<string> open, RunProgress progress)
    {
        var openKeys = open.Select(RedisKeys.Normalize).ToHashSet(StringComparer.Ordinal);
        var stored = await markets.GetSymbolsAsync();
        var stale = stored.Where(s => !openKeys.Contains(s)).ToList();
        if (stale.Count > 1 && stale.Count > stored.Count * options.Value.MaxRemovalFraction)
        {
            var reason = $"suspect symbol list: {stale.Count} of {stored.Count} stored markets missing from it; none removed";
            LogSuspectList(stale.Count, stored.Count);
            progress.Warn(reason);
            return;
        }

        await markets.RemoveAsync(stale);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing step '{Step}' failed: {Reason}")]
    private partial void LogClosingStepFailed(string step, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suspect symbol list: {Missing} of {Stored} stored markets missing; none removed")]
    private partial void LogSuspectList(int missing, int stored);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} {Status}: {Succeeded}/{Total} symbols collected ({Failed} failed), {Accepted} entries accepted, {Rejected} rejected")]
    private partial void LogRunFinished(string runId, RunStatus status, int succeeded, int total, int failed, int accepted, int rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Symbol {Symbol} failed and keeps its last snapshot: {Reason}")]
    private partial void LogSymbolFailed(string symbol, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Symbol {Symbol}: {Rejected} entries rejected ({Reasons})")]
    private partial void LogRejectedEntries(string symbol, int rejected, string reasons);
}
