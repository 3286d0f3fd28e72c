using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Jobs;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CryptApp.Worker.Parts;

/// <summary>
/// Every Worker's share of the runs' venue parts: polls the part queue (or wakes when parts are queued),
/// takes what it may while it has room (<c>Jobs:PartCapacity</c>; its fair share of a run first, see
/// <see cref="PartQueue"/>), and runs each part beside the others. Each poll also marks this Worker live
/// and queues again the parts of Workers that died. While Redis is unreachable it waits with backoff.
/// On stop it waits for its parts to record how they ended.
/// </summary>
public sealed partial class VenuePartConsumer(
    PartQueue parts,
    VenuePartRunner runner,
    RunRegistry registry,
    IConnectionMultiplexer redis,
    IHostApplicationLifetime lifetime,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<VenuePartConsumer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly List<Task> _running = [];

    private bool _subscribed;
    private DateTimeOffset _settledAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RedisLoop.RunAsync(PassAsync, reason => LogQueueError(reason), stoppingToken);
        }
        finally
        {
            await Task.WhenAll(_running);
        }
    }

    /// <summary>One poll: mark this Worker live, settle dead Workers' parts, take a part if there is room and one to take, else wait.</summary>
    private async Task PassAsync(Backoff backoff, CancellationToken stoppingToken)
    {
        if (!_subscribed)
        {
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.PartsQueuedChannel), (_, _) => Wake());
            _subscribed = true;
        }

        var lease = options.Value.LeaseTimeout;
        // A lease lapses no faster than this: settling more often would only load Redis.
        if (time.GetUtcNow() - _settledAt >= lease / 3)
        {
            await SettleLostAsync();
            _settledAt = time.GetUtcNow();
        }

        _running.RemoveAll(t => t.IsCompleted);
        // A stopping Worker takes nothing more: what it took would only be handed back.
        var room = lifetime.ApplicationStopping.IsCancellationRequested ? 0 : options.Value.PartCapacity - _running.Count;
        var taken = await parts.TakeAsync(WorkerIdentity.Owner, lease, lease, options.Value.PartClaimGrace, room, registry.Executing);
        backoff.Reset();
        if (taken is not null)
        {
            _running.Add(RunGuardedAsync(taken, stoppingToken));
            return;
        }

        await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
    }

    /// <summary>A part's failure to run is logged here; it must not surface as an unobserved task or fail the consumer's stop.</summary>
    private async Task RunGuardedAsync(TakenPart part, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunAsync(part, stoppingToken);
        }
        catch (Exception ex)
        {
            LogPartCrashed(ex, part.Id);
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    private async Task SettleLostAsync()
    {
        foreach (var lost in await parts.SettleLostAsync(options.Value.MaxAttempts, registry.Executing))
        {
            LogSettled(lost.PartId, lost.LostOwner, lost.Requeued ? "queued again" : "failed");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Venue part {PartId} lost with {Owner}: {Outcome}")]
    private partial void LogSettled(string partId, string owner, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Venue part {PartId} could not be run to its end; its lease lapses and a replica queues it again")]
    private partial void LogPartCrashed(Exception ex, string partId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Venue part queue unavailable, retrying with backoff: {Reason}")]
    private partial void LogQueueError(string reason);
}
