using System.Diagnostics;
using CryptApp.Contracts.Jobs;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Venues;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;
using CryptApp.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Etl;

/// <summary>
/// The ETL of the original system for one venue, which is one part of a run: list the venue's
/// instruments, fetch each selected book, compute its metrics, store one snapshot per market under its
/// compact id, and drop the venue's markets it no longer trades. The part has its own list, concurrency,
/// gate and deadline, so a venue that fails, is banned or is slow never fails or delays another's saving.
/// A symbol that fails keeps its last good snapshot, is recorded with its reason, and does not stop the
/// others. A list that fails, lists nothing open, or would drop most of the venue's markets at once
/// removes nothing. The closing work (removals, the venue's status, the announcement) runs on every
/// path, a cancel included.
/// </summary>
public sealed partial class VenueCollector(
    IServiceProvider services,
    VenueGates gates,
    MarketStore markets,
    VenueStatusStore exchanges,
    JobSchedules schedules,
    IOptions<EtlOptions> options,
    IOptions<Core.Streaming.StreamingOptions> streaming,
    TimeProvider time,
    WorkerTelemetry telemetry,
    ILogger<VenueCollector> logger)
{
    /// <summary>One venue's part, start to end; it never throws, so no venue can end another's part.</summary>
    /// <remarks><paramref name="parent"/> is the run's trace, which the part carried to whichever Worker runs it.</remarks>
    public async Task CollectAsync(string runId, VenueRun venue, ActivityContext parent, CancellationToken cancellationToken)
    {
        // Off the caller's thread at once: a venue whose client blocks before its first await must not hold up the others.
        await Task.Yield();
        using var activity = telemetry.Source.StartActivity("CollectVenue", ActivityKind.Internal, parent);
        activity?.SetTag("cryptapp.run.id", runId);
        activity?.SetTag("cryptapp.venue", venue.Venue.Id);
        using var deadline = new CancellationTokenSource(options.Value.VenueTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var previous = await Guarded("read exchange status", () => exchanges.GetAsync(venue.Venue.Id));
        RespectStoredBan(venue, previous);
        try
        {
            var client = services.GetRequiredKeyedService<IVenueClient>(venue.Venue.Id);
            venue.Selected = await ExtractInstrumentsAsync(client, venue, linked.Token, cancellationToken);
            if (venue.Selected is not null)
            {
                venue.Progress.SetTotal(venue.Selected.Count);
                var depths = Adapts(venue) ? await Guarded("read the markets' depths", markets.GetDepthsAsync) : null;
                var live = await Guarded("read the live books", markets.GetLiveBooksAsync);
                var freshSince = time.GetUtcNow() - streaming.Value.StaleAfter;
                await Parallel.ForEachAsync(
                    venue.Selected,
                    // The part's token only: after the deadline every remaining symbol still starts, and fails at once with its reason.
                    new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = cancellationToken },
                    async (instrument, _) =>
                    {
                        // A market whose live book is written and fresh is the stream's: its REST book audits it instead of overwriting it.
                        var streamed = live?.GetValueOrDefault(VenueRun.Key(instrument)) is { } written && written >= freshSince;
                        var depth = depths?.GetValueOrDefault(VenueRun.Key(instrument)) is > 0 and var adapted ? adapted : venue.Options.Depth;
                        await CollectSymbolAsync(client, venue, instrument, depth, streamed, linked.Token, cancellationToken);
                    });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            venue.Canceled = true;
        }
        catch (Exception ex)
        {
            // Only a broken registration gets here; the venue fails, the others go on.
            venue.Progress.RunFailed($"{venue.Venue.DisplayName}: {ex.Message}");
        }
        finally
        {
            await CloseAsync(runId, venue, previous);
        }

        activity?.SetTag("cryptapp.venue.status", venue.Outcome().Status.ToString());
    }

    /// <summary>The venue as the Api's exchanges list and staleness rule see it; for a venue not collected (disabled), as it stands.</summary>
    public async Task SaveStatusAsync(VenueRun venue, VenueStatus? previous = null, int? marketsCount = null)
    {
        var now = time.GetUtcNow();
        previous ??= await exchanges.GetAsync(venue.Venue.Id);
        var count = marketsCount ?? (await markets.GetSymbolsAsync()).Count(venue.Owns);
        var interval = schedules.PeriodOf(JobCatalog.CollectProcessCryptos);
        var gate = gates.For(venue.Venue.Id).State;
        var budget = new VenueBudgetStatus(gate.Budget, gate.BudgetWindow, gate.Available, gate.Requests, gate.Throttled, gate.VenueUsedWeight,
            gate.PausedUntil, gate.BannedUntil);
        var outcome = venue.Options.Enabled && !venue.Canceled ? venue.Outcome() : null;
        var collected = venue.Options.Enabled && venue.Progress.Counts().SymbolsSucceeded > 0;
        var clean = outcome?.Status is RunStatus.Succeeded;
        var failed = outcome is { Status: not RunStatus.Succeeded };
        await exchanges.SaveAsync(new VenueStatus(
            venue.Venue.Id,
            venue.Venue.DisplayName,
            venue.Options.Enabled,
            collected ? now : previous?.LastSuccessAt,
            clean ? null : failed ? outcome!.Reason : previous?.LastError,
            count,
            clean ? null : failed ? now : previous?.LastErrorAt,
            // A schedule that never fires has no interval worth doubling.
            interval == TimeSpan.MaxValue ? null : interval,
            budget,
            AuditMismatches: venue.Audits.Audited > 0 ? venue.Audits.Mismatches : previous?.AuditMismatches));
    }

    /// <summary>
    /// A ban or pause another replica met is this replica's too: it is the venue's, not the process's, and
    /// asking a venue that banned us again only lengthens the ban.
    /// </summary>
    private void RespectStoredBan(VenueRun venue, VenueStatus? stored)
    {
        if (stored?.Budget is { } budget)
        {
            gates.For(venue.Venue.Id).Adopt(budget.PausedUntil, budget.BannedUntil);
        }
    }

    /// <summary>Each step on its own: one failing (Redis gone) must not skip the others.</summary>
    private async Task CloseAsync(string runId, VenueRun venue, VenueStatus? previous)
    {
        int? owned = null;
        if (venue.Selected is not null)
        {
            owned = await Guarded("close symbols no longer listed", () => CloseUnlistedAsync(venue));
        }

        await Guarded("save exchange status", async () =>
        {
            await SaveStatusAsync(venue, previous, owned);
            return true;
        });
        await Guarded("announce new data", async () =>
        {
            await markets.PublishChangedAsync(runId);
            return true;
        });
    }

    private async Task<T?> Guarded<T>(string step, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex)
        {
            LogClosingStepFailed(step, ex.Message);
            return default;
        }
    }

    /// <summary>
    /// The instruments to collect, or null (with the venue failed and its reason) when the list cannot be
    /// trusted; a venue banned before it was asked sits the run out.
    /// </summary>
    private async Task<IReadOnlyList<VenueInstrument>?> ExtractInstrumentsAsync(
        IVenueClient client, VenueRun venue, CancellationToken venueToken, CancellationToken partToken)
    {
        using var activity = telemetry.Source.StartActivity("ExtractSymbols");
        activity?.SetTag("cryptapp.venue", venue.Venue.Id);
        var bannedAlready = gates.For(venue.Venue.Id).State.Banned;
        IReadOnlyList<VenueInstrument> instruments;
        try
        {
            instruments = await client.GetInstrumentsAsync(venueToken);
        }
        catch (VenueBannedException ex) when (bannedAlready)
        {
            venue.SkippedReason = $"skipped: {ex.Message}";
            venue.Progress.RunFailed(venue.SkippedReason);
            return null;
        }
        catch (Exception ex) when (!partToken.IsCancellationRequested)
        {
            venue.Progress.RunFailed($"symbol list: {Describe(ex, venueToken)}; no market closed");
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return null;
        }

        var listing = VenueListing.Of(instruments);
        foreach (var (kept, passedOver) in listing.PassedOver)
        {
            LogPassedOver(venue.Venue.Id, kept.Pair, kept.VenueSymbol, passedOver.VenueSymbol);
        }

        var open = listing.Open;
        activity?.SetTag("cryptapp.symbols.listed", instruments.Count);
        activity?.SetTag("cryptapp.symbols.open", open.Count);
        if (open.Count == 0)
        {
            // An exchange in maintenance lists everything halted, or nothing: that is not a delisting.
            venue.Progress.RunFailed($"symbol list: no open symbol among {instruments.Count} listed; no market closed");
            return null;
        }

        var selected = open.Where(venue.Options.Selects).ToList();
        if (selected.Count == 0)
        {
            venue.Progress.RunFailed(
                $"symbol list: none of the configured symbols ({venue.Options.Symbols}) is open among {instruments.Count} listed; no market closed");
            return null;
        }

        venue.Open = open.Select(VenueRun.Key).ToHashSet(StringComparer.Ordinal);
        return selected;
    }

    /// <summary>Whether the venue's markets are asked for a depth of their own (<see cref="VenueOptions.AdaptDepth"/>, on a venue with depth tiers).</summary>
    private static bool Adapts(VenueRun venue) => venue.Options.AdaptDepth && venue.Venue.DepthTiers.Count > 0;

    private async Task CollectSymbolAsync(
        IVenueClient client, VenueRun venue, VenueInstrument instrument, int depth, bool streamed, CancellationToken venueToken, CancellationToken partToken)
    {
        var id = instrument.MarketId.ToCompactString();
        using var activity = telemetry.Source.StartActivity("CollectSymbol");
        activity?.SetTag("cryptapp.symbol", id);
        try
        {
            var before = streamed ? await markets.GetBookAsync(id) : null;
            var fetched = await client.GetBookAsync(instrument, depth, venueToken);
            var book = fetched.Book;
            var analysis = fetched.Analyze(time.GetUtcNow());
            if (streamed)
            {
                await AuditAsync(venue, id, analysis, before, venueToken);
                venue.Progress.Succeeded(book.AcceptedEntries, book.RejectedEntries);
                return;
            }

            await markets.SaveAsync(analysis, options.Value.HistoryRetention);
            if (Adapts(venue))
            {
                var next = venue.Venue.NextDepth(fetched.RequestedDepth, fetched.LevelsToCover(analysis.Snapshot.Market.Mid));
                activity?.SetTag("cryptapp.depth.next", next);
                await markets.SetDepthAsync(id, next);
            }

            activity?.SetTag("cryptapp.entries", book.AcceptedEntries);
            activity?.SetTag("cryptapp.entries.rejected", book.RejectedEntries);
            if (book.RejectedEntries > 0)
            {
                LogRejectedEntries(id, book.RejectedEntries, string.Join(", ", book.Rejections.Select(r => $"{r.Key}: {r.Value}")));
            }

            venue.Progress.Succeeded(book.AcceptedEntries, book.RejectedEntries);
        }
        catch (Exception ex) when (!partToken.IsCancellationRequested)
        {
            if (ex is VenueBannedException ban)
            {
                venue.Banned(ban);
            }

            var reason = Describe(ex, venueToken);
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            LogSymbolFailed(id, reason);
            venue.Progress.Failed(id, reason);
        }
    }

    /// <summary>
    /// Compares the REST book with the live book written just before it was asked, and, where they differ, with the one
    /// written two write intervals later: the live book may have moved on while the REST book was on its way. A market
    /// that matches neither counts as a mismatch of its venue.
    /// </summary>
    private async Task AuditAsync(VenueRun venue, string id, Core.Markets.MarketAnalysis rest, BookLevels? before, CancellationToken venueToken)
    {
        var matched = LiveAudit.Matches(rest.Levels, before);
        if (!matched)
        {
            await Task.Delay(streaming.Value.WriteInterval * 2, time, venueToken);
            matched = LiveAudit.Matches(rest.Levels, await markets.GetBookAsync(id));
        }

        venue.Audited(matched);
        if (!matched)
        {
            LogAuditMismatch(id);
        }
    }

    private string Describe(Exception ex, CancellationToken venueToken) =>
        venueToken.IsCancellationRequested && ex is OperationCanceledException
            ? $"not collected within the venue's deadline ({options.Value.VenueTimeout:c}, {EtlOptions.SectionName}:{nameof(EtlOptions.VenueTimeout)})"
            : Describe(ex);

    private static string Describe(Exception ex) => ex switch
    {
        Polly.Timeout.TimeoutRejectedException => "timed out waiting for the exchange",
        Polly.CircuitBreaker.BrokenCircuitException => "circuit open: the exchange failed too often, not asked",
        TaskCanceledException => "timed out waiting for the exchange",
        _ => ex.Message,
    };

    /// <summary>
    /// Closes the venue's open markets it no longer collects (delisted, halted, no longer configured): each keeps its
    /// last snapshot and its history (<see cref="MarketStore.CloseAsync"/>). Only its own (ids with its prefix, bare
    /// ids for Blockchain.com) are candidates. More than the allowed share of them missing from the venue's open list
    /// at once is distrusted: none is closed and the venue ends no better than partial. Returns how many open markets
    /// the venue has afterwards.
    /// </summary>
    private async Task<int?> CloseUnlistedAsync(VenueRun venue)
    {
        var selected = venue.Selected!.Select(VenueRun.Key).ToHashSet(StringComparer.Ordinal);
        var open = (await markets.ListAsync())
            .Where(m => !MarketStatus.IsClosed(m.Status))
            .Select(m => RedisKeys.Normalize(m.Symbol))
            .Where(venue.Owns)
            .ToList();
        var unlisted = open.Where(s => !selected.Contains(s)).ToList();
        var missing = unlisted.Count(s => !venue.Open.Contains(s));
        if (missing > 1 && missing > open.Count * options.Value.MaxRemovalFraction)
        {
            var reason = $"suspect symbol list: {missing} of {open.Count} stored markets missing from it; none closed";
            LogSuspectList(venue.Venue.Id, missing, open.Count);
            venue.Progress.Warn(reason);
            return open.Count;
        }

        await markets.CloseAsync(unlisted, time.GetUtcNow());
        return open.Count - unlisted.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live book {Symbol} differs from its REST book in its top levels")]
    private partial void LogAuditMismatch(string symbol);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Venue step '{Step}' failed: {Reason}")]
    private partial void LogClosingStepFailed(string step, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suspect symbol list of {Venue}: {Missing} of {Stored} stored markets missing; none closed")]
    private partial void LogSuspectList(string venue, int missing, int stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Symbol {Symbol} failed and keeps its last snapshot: {Reason}")]
    private partial void LogSymbolFailed(string symbol, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue} lists two open instruments for {Pair}: {Kept} is collected, {PassedOver} is not")]
    private partial void LogPassedOver(string venue, string pair, string kept, string passedOver);

    [LoggerMessage(Level = LogLevel.Information, Message = "Symbol {Symbol}: {Rejected} entries rejected ({Reasons})")]
    private partial void LogRejectedEntries(string symbol, int rejected, string reasons);
}
