using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;

namespace CryptApp.UnitTests;

/// <summary>A run record lists every run-wide or venue-wide error and the first 100 symbol errors; it counts the rest.</summary>
public sealed class RunErrorsTests
{
    [Fact]
    public void Symbol_errors_past_the_first_hundred_are_counted_not_listed_and_wide_errors_always_listed()
    {
        var errors = Enumerable.Range(0, 150).Select(i => new RunError($"binance:S{i:000}-USDT", "500"))
            .Append(new RunError("*", "symbol list: 503"))
            .Append(new RunError("okx:*", "banned"))
            .ToList();

        var (listed, omitted) = RunErrors.Cap(errors, omitted: 7);

        Assert.Equal(RunErrors.MaxListed, listed.Count);
        Assert.Equal(50 + 2 + 7, omitted);
        Assert.Contains(new RunError("*", "symbol list: 503"), listed);
        Assert.Contains(new RunError("okx:*", "banned"), listed);
        Assert.Equal(errors.Take(98), listed.Take(98));
    }

    [Fact]
    public void Fewer_than_a_hundred_errors_are_all_listed()
    {
        var errors = Enumerable.Range(0, 10).Select(i => new RunError($"S{i}-USD", "timed out")).ToList();

        var (listed, omitted) = RunErrors.Cap(errors);

        Assert.Equal(errors, listed);
        Assert.Equal(0, omitted);
    }
}
