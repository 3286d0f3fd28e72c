using System.Globalization;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>Turns a configured schedule into a Quartz trigger that every replica agrees on.</summary>
public static class JobScheduling
{
    public static bool TryInterval(string schedule, out TimeSpan interval) =>
        TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out interval) && interval > TimeSpan.Zero;

    /// <summary>
    /// Intervals start on a multiple of themselves since the Unix epoch, so replicas started at different
    /// moments fire at the same instants and the once-per-slot lock sees one slot, not two.
    /// </summary>
    public static DateTimeOffset AlignedStart(DateTimeOffset earliest, TimeSpan interval)
    {
        var ticks = earliest.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var aligned = (ticks + interval.Ticks - 1) / interval.Ticks * interval.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(aligned);
    }

    public static void Configure(ITriggerConfigurator<IJob> trigger, string schedule, DateTimeOffset earliest)
    {
        if (TryInterval(schedule, out var interval))
        {
            // After downtime: one run now, not a burst of the missed ones.
            trigger.StartAt(AlignedStart(earliest, interval))
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount));
        }
        else
        {
            trigger.StartAt(earliest)
                .WithCronSchedule(schedule, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
        }
    }

    /// <summary>
    /// The slot a firing belongs to: its time rounded down to the interval's epoch grid. Replicas whose
    /// triggers drifted off the grid (a misfire fires "now") still agree on the slot.
    /// </summary>
    public static DateTimeOffset SlotOf(string schedule, DateTimeOffset fireTime) =>
        TryInterval(schedule, out var interval)
            ? DateTimeOffset.UnixEpoch.AddTicks((fireTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / interval.Ticks * interval.Ticks)
            : fireTime;

    /// <summary>
    /// How long a slot's lock outlives the slot: longer than a firing can be late on a loaded machine
    /// (Quartz's misfire threshold is a minute), so a late replica still finds the slot taken.
    /// </summary>
    public static TimeSpan SlotHold(string schedule) =>
        (TryInterval(schedule, out var interval) ? interval * 2 : TimeSpan.FromMinutes(10)) + TimeSpan.FromMinutes(2);
}
