using System.Diagnostics;
using CryptApp.Core.Exchanges;
using CryptApp.Core.Jobs;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Etl;

/// <summary>
/// The ETL of the original system: list the open symbols, fetch each order book, compute its
/// metrics, store one snapshot per symbol, and drop symbols the exchange no longer trades.
/// A symbol that fails keeps its last good snapshot, is recorded with its reason, and does not
/// stop the others. Progress is written to the run record while the run goes.
/// </summary>
public sealed partial class CollectProcessCryptosPipeline(
    BlockchainExchangeClient exchange,
    MarketStore markets,
    RunStore runs,
    IOptions<EtlOptions> options,
    TimeProvider time,
    WorkerTelemetry telemetry,
    ILogger<CollectProcessCryptosPipeline> logger)
{
    public const string JobName = "CollectProcessCryptos";
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="parent">The trace of whoever asked for the run (a queued request), so it shows as one trace.</param>
    public async Task<RunRecord> RunAsync(string runId, string trigger, CancellationToken cancellationToken, ActivityContext parent = default)
    {
        using var activity = telemetry.Source.StartActivity(JobName, ActivityKind.Internal, parent);
        activity?.SetTag("cryptapp.run.id", runId);
        activity?.SetTag("cryptapp.run.trigger", trigger);

        var progress = new RunProgress(RunRecord.Start(runId, JobName, trigger, time.GetUtcNow()));
        await runs.SaveAsync(progress.Snapshot(RunStatus.Running, null));

        RunStatus status;
        try
        {
            var open = await ExtractOpenSymbolsAsync(cancellationToken);
            progress.SetTotal(open.Count);
            await CollectAllAsync(open, progress, cancellationToken);
            await RemoveClosedAsync(open);
            status = progress.FinalStatus();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = RunStatus.Canceled;
        }
        catch (Exception ex) when (ex is HttpRequestException or ExchangeDataException or ExchangeHttpException
                                       or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            progress.RunFailed($"symbol list: {ex.Message}");
            status = RunStatus.Failed;
        }

        var record = progress.Snapshot(status, time.GetUtcNow());
        // Shutdown may have cancelled the caller's token; the record and the news must still go out.
        await runs.SaveAsync(record);
        await runs.TrimAsync(options.Value.RunHistoryLimit);
        await markets.PublishChangedAsync(runId);

        telemetry.RunFinished(record);
        activity?.SetTag("cryptapp.run.status", record.Status.ToString());
        activity?.SetTag("cryptapp.symbols.total", record.SymbolsTotal);
        activity?.SetTag("cryptapp.symbols.failed", record.SymbolsFailed);
        if (record.Status is RunStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        LogRunFinished(runId, record.Status, record.SymbolsSucceeded, record.SymbolsTotal, record.SymbolsFailed,
            record.EntriesAccepted, record.EntriesRejected);
        return record;
    }

    private async Task<IReadOnlyList<string>> ExtractOpenSymbolsAsync(CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity("ExtractSymbols");
        var symbols = await exchange.GetSymbolsAsync(cancellationToken);
        var open = symbols
            .Where(s => s.IsOpen)
            .Select(s => s.Symbol)
            .DistinctBy(RedisKeys.Normalize)
            .ToList();
        activity?.SetTag("cryptapp.symbols.listed", symbols.Count);
        activity?.SetTag("cryptapp.symbols.open", open.Count);
        return open;
    }

    private async Task CollectAllAsync(IReadOnlyList<string> open, RunProgress progress, CancellationToken cancellationToken)
    {
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = ReportProgressAsync(progress, reporting.Token);
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

    private async Task ReportProgressAsync(RunProgress progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await runs.SaveAsync(progress.Snapshot(RunStatus.Running, null));
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

    private async Task RemoveClosedAsync(IReadOnlyList<string> open)
    {
        var openKeys = open.Select(RedisKeys.Normalize).ToHashSet(StringComparer.Ordinal);
        var stale = (await markets.GetSymbolsAsync()).Where(s => !openKeys.Contains(s)).ToList();
        await markets.RemoveAsync(stale);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} {Status}: {Succeeded}/{Total} symbols collected ({Failed} failed), {Accepted} entries accepted, {Rejected} rejected")]
    private partial void LogRunFinished(string runId, RunStatus status, int succeeded, int total, int failed, int accepted, int rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Symbol {Symbol} failed and keeps its last snapshot: {Reason}")]
    private partial void LogSymbolFailed(string symbol, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Symbol {Symbol}: {Rejected} entries rejected ({Reasons})")]
    private partial void LogRejectedEntries(string symbol, int rejected, string reasons);
}
