using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Venues;
using CryptApp.Worker.Etl;

namespace CryptApp.UnitTests;

/// <summary>How the venues' parts make one run's status, reason, counts and errors.</summary>
public sealed class VenueRunsTests
{
    [Fact]
    public void With_one_venue_the_run_is_exactly_that_venues_part()
    {
        var blockchain = Venue(VenueCatalog.Blockchain, succeeded: 1, failed: 1);

        var outcome = VenueRuns.Outcome([Final(blockchain)], Others(VenueCatalog.Blockchain));

        Assert.Equal(blockchain.Progress.Outcome() with { Counts = outcome.Counts }, outcome);
        Assert.Equal((RunStatus.PartiallySucceeded, "1 of 2 symbols failed"), (outcome.Status, outcome.Reason));
        Assert.Equal(blockchain.Progress.Counts().Errors, outcome.Counts.Errors);
        Assert.Equal(VenueCatalog.All.Select(v => v.Id), outcome.Counts.Venues!.Select(v => v.Venue));
        Assert.Equal(["PartiallySucceeded", "Skipped", "Skipped", "Skipped", "Skipped", "Skipped"], outcome.Counts.Venues!.Select(v => v.Status));
    }

    [Fact]
    public void Every_venue_succeeding_succeeds_and_the_counts_add_up()
    {
        VenueRun[] venues = [Venue(VenueCatalog.Blockchain, succeeded: 3), Venue(VenueCatalog.Binance, succeeded: 2)];

        var outcome = VenueRuns.Outcome(venues.Select(Final).ToList(), Others(venues.Select(v => v.Venue).ToArray()));

        Assert.Equal((RunStatus.Succeeded, null, 5, 5), (outcome.Status, outcome.Reason, outcome.Counts.SymbolsTotal, outcome.Counts.SymbolsSucceeded));
    }

    [Fact]
    public void One_venue_failing_makes_the_run_partial_with_that_venue_named_and_its_errors_prefixed()
    {
        var binance = new VenueRun(VenueCatalog.Binance, VenueCatalog.Get(VenueIds.Binance).DefaultOptions());
        binance.Progress.RunFailed("symbol list: 500; no market removed");
        VenueRun[] venues = [Venue(VenueCatalog.Blockchain, succeeded: 3), binance];

        var outcome = VenueRuns.Outcome(venues.Select(Final).ToList(), Others(venues.Select(v => v.Venue).ToArray()));

        Assert.Equal((RunStatus.PartiallySucceeded, "binance: symbol list: 500; no market removed"), (outcome.Status, outcome.Reason));
        Assert.Equal([new RunError("binance:*", "symbol list: 500; no market removed")], outcome.Counts.Errors);
        Assert.Equal([new RunError("*", "symbol list: 500; no market removed")], binance.ToVenueOutcome().Errors);
    }

    [Fact]
    public void Every_venue_failing_or_skipped_fails_the_run_listing_them()
    {
        var binance = new VenueRun(VenueCatalog.Binance, VenueCatalog.Get(VenueIds.Binance).DefaultOptions()) { SkippedReason = "skipped: binance is banned until 2026-01-01T00:00:00.0000000+00:00: 418" };
        binance.Progress.RunFailed(binance.SkippedReason);
        VenueRun[] venues = [Venue(VenueCatalog.Blockchain, failed: 2), binance];

        var outcome = VenueRuns.Outcome(venues.Select(Final).ToList(), Others(venues.Select(v => v.Venue).ToArray()));

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Equal($"every venue failed: blockchain: all 2 symbols failed; binance: {binance.SkippedReason}", outcome.Reason);
        Assert.Equal("Skipped", binance.ToVenueOutcome().Status);
    }

    [Fact]
    public void A_ban_met_while_collecting_puts_its_end_in_the_venues_reason()
    {
        var okx = Venue(VenueCatalog.Okx, succeeded: 1, failed: 1);
        okx.Banned(new VenueBannedException("okx", DateTimeOffset.UnixEpoch, "418"));

        Assert.EndsWith("okx is banned until 1970-01-01T00:00:00.0000000+00:00: 418", okx.Outcome().Reason);
    }

    [Theory]
    [InlineData("blockchain", "BTC-USD", true)]
    [InlineData("blockchain", "BINANCE:BTC-USDT", false)]
    [InlineData("binance", "BINANCE:BTC-USDT", true)]
    [InlineData("binance", "BTC-USDT", false)]
    [InlineData("okx", "BINANCE:BTC-USDT", false)]
    public void A_venue_owns_only_its_own_stored_markets(string venue, string stored, bool owns) =>
        Assert.Equal(owns, new VenueRun(VenueCatalog.Get(venue), VenueCatalog.Get(venue).DefaultOptions()).Owns(stored));

    [Fact]
    public void Only_the_runs_own_cancel_cancels_it_a_stopped_part_fails_and_a_part_lost_with_its_record_fails_with_that_reason()
    {
        var binance = Venue(VenueCatalog.Binance, succeeded: 1);
        binance.Canceled = true;
        PartResult[] parts = [Final(Venue(VenueCatalog.Blockchain, succeeded: 2)), binance.Result(final: true, "w:1", 1, "worker lost")];
        var others = Others(VenueCatalog.Blockchain, VenueCatalog.Binance);

        Assert.Equal(RunStatus.Canceled, VenueRuns.Outcome(parts, others, canceled: true).Status);
        var stopped = VenueRuns.Outcome(parts, others);
        Assert.Equal((RunStatus.PartiallySucceeded, "binance: stopped: worker lost"), (stopped.Status, stopped.Reason));
        Assert.Equal("Failed", stopped.Counts.Venues!.Single(v => v.Venue == "binance").Status);

        var lost = VenueRuns.Settle("okx", null, "unused");
        Assert.Equal((RunStatus.Failed, "the part's record is gone (Redis lost its data)"), (lost.Status, lost.Reason));
        Assert.Equal([new RunError("okx:*", lost.Reason!)], lost.Counts.Errors);
        Assert.Equal([new RunError("*", lost.Reason!)], lost.Venue.Errors);
    }

    [Fact]
    public void A_part_settled_by_a_dead_worker_keeps_its_last_counts_and_says_why()
    {
        var kraken = Venue(VenueCatalog.Kraken, succeeded: 2);
        var state = new PartState("kraken", RunStatus.Failed, "host:42", 3, "worker lost (host:42 stopped renewing its lease)", null,
            kraken.Result(final: false, "host:42", 3));

        var settled = VenueRuns.Settle("kraken", state, "unused");

        Assert.Equal((RunStatus.Failed, "worker lost (host:42 stopped renewing its lease)", 2, "Failed", "host:42", 3),
            (settled.Status, settled.Reason, settled.Counts.SymbolsSucceeded, settled.Venue.Status, settled.Venue.Worker, settled.Venue.Attempt));
    }

    [Fact]
    public void A_running_part_reports_running_and_its_final_result_names_its_worker_and_attempt()
    {
        var okx = Venue(VenueCatalog.Okx, succeeded: 1);

        Assert.Equal(RunStatus.Running, okx.Result(final: false, "h:1", 2).Status);
        Assert.Equal("Running", okx.Result(final: false, "h:1", 2).Venue.Status);
        Assert.Equal((RunStatus.Succeeded, "Succeeded", "h:1", 2), (okx.Result(true, "h:1", 2).Status, okx.Result(true, "h:1", 2).Venue.Status,
            okx.Result(true, "h:1", 2).Venue.Worker, okx.Result(true, "h:1", 2).Venue.Attempt));
    }

    private static PartResult Final(VenueRun venue) => venue.Result(final: true, "host:1", 1);

    /// <summary>The catalogue's venues other than those given: the disabled ones.</summary>
    private static IReadOnlyList<VenueDefinition> Others(params VenueDefinition[] enabled) => VenueCatalog.All.Except(enabled).ToList();

    private static VenueRun Venue(VenueDefinition venue, int succeeded = 0, int failed = 0)
    {
        var run = new VenueRun(venue, VenueCatalog.Get(venue.Id).DefaultOptions());
        run.Progress.SetTotal(succeeded + failed);
        for (var i = 0; i < succeeded; i++)
        {
            run.Progress.Succeeded(10, 0);
        }

        for (var i = 0; i < failed; i++)
        {
            run.Progress.Failed($"S{i}-USD", "500");
        }

        return run;
    }
}
