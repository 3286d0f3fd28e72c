using System.Net;

namespace CryptApp.Tests.AppHost;

/// <summary>Runs on request through the Redis queue, with two Worker replicas.</summary>
public sealed class JobRunTests(JobsAppHost host) : IClassFixture<JobsAppHost>
{
    private const int TestTimeout = 120_000;

    [Fact(Timeout = TestTimeout)]
    public async Task Trigger_is_accepted_queued_and_reaches_a_final_status_with_counts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var writer = host.CreateWriter();

        using var response = await JobRuns.TriggerAsync(writer, ct);
        var run = await JobRuns.ReadAsync(response, HttpStatusCode.Accepted, ct);

        Assert.Equal($"/api/v1/jobs/runs/{(string)run["id"]!}", response.Headers.Location?.OriginalString);
        // The answer is the run as read back after queuing: a Worker polling at that moment may have taken it already.
        Assert.Contains((string)run["status"]!, new[] { "Queued", "Running" });
        Assert.Equal("manual", (string)run["trigger"]!);
        var final = await JobRuns.WaitForFinalAsync(host.Api, (string)run["id"]!, ct);
        Assert.Equal("PartiallySucceeded", (string)final["status"]!);
        Assert.Equal((int)final["symbolsTotal"]!, (int)final["symbolsDone"]!);
        Assert.True((int)final["symbolsSucceeded"]! > 10);
        Assert.True((int)final["entriesAccepted"]! > 0);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_trigger_while_the_job_is_queued_or_running_returns_that_run()
    {
        var ct = TestContext.Current.CancellationToken;
        using var writer = host.CreateWriter();

        using var first = await JobRuns.TriggerAsync(writer, ct);
        var run = await JobRuns.ReadAsync(first, HttpStatusCode.Accepted, ct);
        using var second = await JobRuns.TriggerAsync(writer, ct);
        var again = await JobRuns.ReadAsync(second, HttpStatusCode.OK, ct);

        Assert.Equal((string)run["id"]!, (string)again["id"]!);
        await JobRuns.WaitForFinalAsync(host.Api, (string)run["id"]!, ct);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Ten_concurrent_triggers_on_each_of_two_api_replicas_make_one_run()
    {
        var ct = TestContext.Current.CancellationToken;
        await WaitUntilIdleAsync(ct);
        using var replicas = await ApiReplicas.ConnectAsync(host, 2, ct);
        foreach (var client in replicas.Clients)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", CryptAppHost.ApiKey);
        }

        var posts = replicas.Clients.SelectMany(client => Enumerable.Range(0, 10).Select(_ => JobRuns.TriggerAsync(client, ct))).ToList();
        var responses = await Task.WhenAll(posts);
        var runs = await Task.WhenAll(responses.Select(r => JobRuns.ReadAsync(r, HttpStatusCode.OK, ct, HttpStatusCode.Accepted)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        var id = Assert.Single(runs.Select(r => (string)r["id"]!).Distinct());
        await JobRuns.WaitForFinalAsync(host.Api, id, ct);
    }

    /// <summary>Lets a run another test started end, so a new trigger makes a new run.</summary>
    private async Task WaitUntilIdleAsync(CancellationToken ct)
    {
        var runs = await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=5&fresh={Guid.NewGuid():N}", ct);
        foreach (var run in runs["items"]!.AsArray().Where(r => (string)r!["status"]! is "Queued" or "Running"))
        {
            await JobRuns.WaitForFinalAsync(host.Api, (string)run!["id"]!, ct);
        }
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key", HttpStatusCode.Forbidden)]
    public async Task Writes_need_the_api_key(string? key, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = host.CreateClient("api");
        foreach (var request in new[] { new HttpRequestMessage(HttpMethod.Post, JobRuns.Trigger), new HttpRequestMessage(HttpMethod.Delete, "/api/v1/jobs/runs/abc") })
        {
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            using var response = await client.SendAsync(request, ct);

            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task An_unknown_job_is_a_404_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var writer = host.CreateWriter();

        using var response = await writer.PostAsync("/api/v1/jobs/launch-rockets/runs", null, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Cancel_ends_a_running_run_canceled_and_keeps_what_it_loaded()
    {
        var ct = TestContext.Current.CancellationToken;
        using var writer = host.CreateWriter();
        // Slower books than the class's usual 400 ms (still under the 1 s request timeout): the run must still be going
        // when the cancel arrives, even if this process stalls for a second between seeing progress and asking.
        var usual = host.Blockchain.Latency;
        host.Blockchain.Latency = TimeSpan.FromMilliseconds(900);
        string id;
        try
        {
            using var response = await JobRuns.TriggerAsync(writer, ct);
            id = (string)(await JobRuns.ReadAsync(response, HttpStatusCode.OK, ct, HttpStatusCode.Accepted))["id"]!;

            // Cancel once some symbols are in: progress shows while the run goes.
            await JobRuns.WaitForProgressAsync(host.Api, id, 2, ct);

            using var cancel = await writer.DeleteAsync($"/api/v1/jobs/runs/{id}", ct);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }
        finally
        {
            host.Blockchain.Latency = usual;
        }

        var final = await JobRuns.WaitForFinalAsync(host.Api, id, ct);
        Assert.Equal("Canceled", (string)final["status"]!);
        Assert.True((int)final["symbolsDone"]! < (int)final["symbolsTotal"]!, "the run should have stopped early");
        var startedAt = DateTimeOffset.Parse((string)final["startedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var markets = await host.Api.GetJsonAsync($"/api/v1/markets?pageSize=500&fresh={Guid.NewGuid():N}", ct);
        Assert.Contains(markets["items"]!.AsArray(), m =>
            DateTimeOffset.Parse((string)m!["collectedAt"]!, System.Globalization.CultureInfo.InvariantCulture) >= startedAt);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task With_two_workers_each_scheduled_slot_runs_once()
    {
        var ct = TestContext.Current.CancellationToken;

        // The job fires every second: wait until its scheduled runs span several seconds.
        var started = await Eventually.Value(
            () => ScheduledStartsAsync(ct),
            starts => starts.Count > 1 && (starts[^1] - starts[0]).TotalSeconds >= 5,
            Timeouts.Collection,
            starts => $"scheduled prune-history runs over 5 s; saw {starts?.Count ?? 0}",
            ct,
            TimeSpan.FromMilliseconds(500));
        // One slot a second: two replicas without the slot lock run about twice per second. Runs start
        // up to a second or so late on a loaded machine, so a slot's edges blur: allow a quarter more.
        var seconds = (started[^1] - started[0]).TotalSeconds;
        Assert.True(seconds >= 4, $"expected runs over several seconds, got {started.Count} over {seconds:F1} s");
        Assert.True(started.Count <= (seconds + 2) * 1.25, $"{started.Count} scheduled runs in {seconds:F1} s: slots ran twice");
    }

    private async Task<List<DateTimeOffset>> ScheduledStartsAsync(CancellationToken ct)
    {
        var runs = (await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=prune-history&pageSize=500&fresh={Guid.NewGuid():N}", ct))["items"]!.AsArray();
        return runs
            .Where(r => (string)r!["trigger"]! == "schedule" && r["startedAt"] is not null)
            .Select(r => DateTimeOffset.Parse((string)r!["startedAt"]!, System.Globalization.CultureInfo.InvariantCulture))
            .Order()
            .ToList();
    }
}
