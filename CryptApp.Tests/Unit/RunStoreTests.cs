using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Tests.Infrastructure;

namespace CryptApp.Tests.Unit;

public sealed class RunStoreTests(RedisServerProcess redis) : IClassFixture<RedisServerProcess>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static RunRecord Run(int i, string job = "CollectProcessCryptos", RunStatus status = RunStatus.Succeeded) =>
        RunRecord.Start($"run{i:000}", job, RunTriggers.Schedule, At.AddMinutes(i)) with { Status = status, FinishedAt = At.AddMinutes(i + 0.5) };

    [Fact]
    public async Task Runs_list_newest_first_filtered_and_paged()
    {
        await redis.FlushAsync();
        var store = new RunStore(redis.Connection);
        for (var i = 0; i < 10; i++)
        {
            await store.SaveAsync(Run(i, status: i % 3 == 0 ? RunStatus.Failed : RunStatus.Succeeded));
        }

        await store.SaveAsync(Run(10, job: "PruneHistory"));

        var (page, total) = await store.ListAsync(1, 3, "CollectProcessCryptos");
        Assert.Equal(10, total);
        Assert.Equal(["run009", "run008", "run007"], page.Select(r => r.Id));
        var (failed, failedTotal) = await store.ListAsync(2, 2, status: RunStatus.Failed);
        Assert.Equal(4, failedTotal);
        Assert.Equal(["run003", "run000"], failed.Select(r => r.Id));
    }

    [Fact]
    public async Task Saving_again_updates_the_record_in_place()
    {
        await redis.FlushAsync();
        var store = new RunStore(redis.Connection);
        await store.SaveAsync(Run(1, status: RunStatus.Running) with { SymbolsDone = 3, SymbolsTotal = 10 });

        await store.SaveAsync(Run(1) with { SymbolsDone = 10, SymbolsTotal = 10, Errors = [new RunError("ABC-USD", "500")] });

        var run = await store.GetAsync("run001");
        Assert.Equal(RunStatus.Succeeded, run!.Status);
        Assert.Equal(10, run.SymbolsDone);
        Assert.Equal(new RunError("ABC-USD", "500"), Assert.Single(run.Errors));
        Assert.Equal(1, (await store.ListAsync(1, 50)).Total);
    }

    [Fact]
    public async Task Trim_keeps_only_the_newest_runs()
    {
        await redis.FlushAsync();
        var store = new RunStore(redis.Connection);
        for (var i = 0; i < 7; i++)
        {
            await store.SaveAsync(Run(i));
        }

        Assert.Equal(4, await store.TrimAsync(3));

        Assert.Equal(["run006", "run005", "run004"], (await store.ListAsync(1, 50)).Items.Select(r => r.Id));
        Assert.Null(await store.GetAsync("run000"));
    }
}
