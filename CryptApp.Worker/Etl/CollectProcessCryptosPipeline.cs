using System.Collections.Concurrent;
using System.Diagnostics;
using CryptApp.Core.Exchanges;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Etl;

/// <summary>
/// The ETL of the original system: list the open symbols, fetch each order book, compute its
/// metrics, store one snapshot per symbol, and drop symbols the exchange no longer trades.
/// A symbol that fails keeps its last good snapshot and does not stop the others.
/// </summary>
public sealed partial class CollectProcessCryptosPipeline(
    BlockchainExchangeClient exchange,
    MarketStore store,
    IOptions<EtlOptions> options,
    TimeProvider time,
    WorkerTelemetry telemetry,
    ILogger<CollectProcessCryptosPipeline> logger)
{
    public async Task<EtlRunResult> RunAsync(string runId, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity("CollectProcessCryptos");
        activity?.SetTag("cryptapp.run.id", runId);

        var open = await ExtractOpenSymbolsAsync(cancellationToken);
        var errors = new ConcurrentBag<SymbolError>();
        var accepted = 0;
        var rejected = 0;

        await Parallel.ForEachAsync(
            open,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = cancellationToken },
            async (symbol, token) =>
            {
                var outcome = await CollectSymbolAsync(symbol, token);
                if (outcome.Error is not null)
                {
                    errors.Add(outcome.Error);
                }

                Interlocked.Add(ref accepted, outcome.Accepted);
                Interlocked.Add(ref rejected, outcome.Rejected);
            });

        var removed = await RemoveClosedAsync(open);
        await store.PublishChangedAsync(runId);

        var result = new EtlRunResult(
            runId, open.Count, open.Count - errors.Count, errors.OrderBy(e => e.Symbol, StringComparer.Ordinal).ToList(),
            accepted, rejected, removed);
        activity?.SetTag("cryptapp.symbols.total", result.SymbolsTotal);
        activity?.SetTag("cryptapp.symbols.failed", result.SymbolsFailed);
        LogRunFinished(runId, result.SymbolsSucceeded, result.SymbolsTotal, result.SymbolsFailed, accepted, rejected, removed.Count);
        return result;
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

    private async Task<SymbolOutcome> CollectSymbolAsync(string symbol, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity("CollectSymbol");
        activity?.SetTag("cryptapp.symbol", symbol);
        try
        {
            var book = await exchange.GetOrderBookAsync(symbol, cancellationToken);
            var snapshot = MarketSnapshot.From(book, time.GetUtcNow());
            await store.SaveAsync(snapshot);

            activity?.SetTag("cryptapp.entries", book.AcceptedEntries);
            activity?.SetTag("cryptapp.entries.rejected", book.RejectedEntries);
            if (book.RejectedEntries > 0)
            {
                LogRejectedEntries(symbol, book.RejectedEntries, string.Join(", ", book.Rejections.Select(r => $"{r.Key}: {r.Value}")));
            }

            return new SymbolOutcome(null, book.AcceptedEntries, book.RejectedEntries);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogSymbolFailed(symbol, ex.Message);
            return new SymbolOutcome(new SymbolError(symbol, ex.Message), 0, 0);
        }
    }

    private async Task<IReadOnlyList<string>> RemoveClosedAsync(IReadOnlyList<string> open)
    {
        var openKeys = open.Select(RedisKeys.Normalize).ToHashSet(StringComparer.Ordinal);
        var stale = (await store.GetSymbolsAsync()).Where(s => !openKeys.Contains(s)).ToList();
        await store.RemoveAsync(stale);
        return stale;
    }

    private sealed record SymbolOutcome(SymbolError? Error, int Accepted, int Rejected);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} collected {Succeeded}/{Total} symbols ({Failed} failed), {Accepted} entries accepted, {Rejected} rejected, {Removed} markets removed")]
    private partial void LogRunFinished(string runId, int succeeded, int total, int failed, int accepted, int rejected, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Symbol {Symbol} failed and keeps its last snapshot: {Reason}")]
    private partial void LogSymbolFailed(string symbol, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Symbol {Symbol}: {Rejected} entries rejected ({Reasons})")]
    private partial void LogRejectedEntries(string symbol, int rejected, string reasons);
}
