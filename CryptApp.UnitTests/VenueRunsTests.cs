using CryptApp.Contracts.Jobs;
using CryptApp.Core.Exchanges.Venues;
using CryptApp.Worker.Etl;

namespace CryptApp.UnitTests;

/// <summary>How the venues' parts make one run's status, reason, counts and errors.</summary>
public sealed class VenueRunsTests
{
    [Fact]
    public void With_one_venue_the_run_is_exactly_that_venues_part()
    {
        var blockchain = Venue(VenueCatalog.Blockchain, succeeded: 1, failed: 1);

        var outcome = VenueRuns.Outcome([blockchain], [blockchain.ToVenueOutcome()]);

        Assert.Equal(blockchain.Progress.Outcome() with { Counts = outcome.Counts }, outcome);
        Assert.Equal((RunStatus.PartiallySucceeded, "1 of 2 symbols failed"), (outcome.Status, outcome.Reason));
        Assert.Equal(blockchain.Progress.Counts().Errors, outcome.Counts.Errors);
        Assert.Single(outcome.Counts.Venues!);
    }

    [Fact]
    public void Every_venue_succeeding_succeeds_and_the_counts_add_up()
    {
        VenueRun[] venues = [Venue(VenueCatalog.Blockchain, succeeded: 3), Venue(VenueCatalog.Binance, succeeded: 2)];

        var outcome = VenueRuns.Outcome(venues, venues.Select(v => v.ToVenueOutcome()).ToList());

        Assert.Equal((RunStatus.Succeeded, null, 5, 5), (outcome.Status, outcome.Reason, outcome.Counts.SymbolsTotal, outcome.Counts.SymbolsSucceeded));
    }

    [Fact]
    public void One_venue_failing_makes_the_run_partial_with_that_venue_named_and_its_errors_prefixed()
    {
        var binance = new VenueRun(VenueCatalog.Binance, VenueDefaults.For(VenueIds.Binance));
        binance.Progress.RunFailed("symbol list: 500; no market removed");
        VenueRun[] venues = [Venue(VenueCatalog.Blockchain, succeeded: 3), binance];

        var outcome = VenueRuns.Outcome(venues, venues.Select(v => v.ToVenueOutcome()).ToList());

        Assert.Equal((RunStatus.PartiallySucceeded, "binance: symbol list: 500; no market removed"), (outcome.Status, outcome.Reason));
        Assert.Equal([new RunError("binance:*", "symbol list: 500; no market removed")], outcome.Counts.Errors);
        Assert.Equal([new RunError("*", "symbol list: 500; no market removed")], binance.ToVenueOutcome().Errors);
    }

    [Fact]
    public void Every_venue_failing_or_skipped_fails_the_run_listing_them()
    {
        var binance = new VenueRun(VenueCatalog.Binance, VenueDefaults.For(VenueIds.Binance)) { SkippedReason = "skipped: binance is banned until 2026-01-01T00:00:00.0000000+00:00: 418" };
        binance.Progress.RunFailed(binance.SkippedReason);
        VenueRun[] venues = [Venue(VenueCatalog.Blockchain, failed: 2), binance];

        var outcome = VenueRuns.Outcome(venues, venues.Select(v => v.ToVenueOutcome()).ToList());

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
        Assert.Equal(owns, new VenueRun(VenueCatalog.Get(venue), VenueDefaults.For(venue)).Owns(stored));

    private static VenueRun Venue(VenueInfo venue, int succeeded = 0, int failed = 0)
    {
        var run = new VenueRun(venue, VenueDefaults.For(venue.Id));
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
