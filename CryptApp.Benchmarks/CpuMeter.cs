using System.Globalization;

namespace CryptApp.Benchmarks;

/// <summary>
/// CPU time from Linux's /proc: each process's user + system time, and the machine's busy, idle and steal time
/// (steal: time the hypervisor gave this VM's cores to someone else). Read around a load round, it says who else
/// took the cores while one server was measured.
/// </summary>
public static class CpuMeter
{
    /// <summary>Clock ticks a second in /proc (USER_HZ), 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>A process's CPU seconds so far (user + system); 0 when it has exited.</summary>
    public static double ProcessSeconds(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return 0;
        }

        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>The machine's CPU seconds so far over all cores: busy (user, nice, system, irq, softirq), idle (with iowait), steal.</summary>
    public static MachineCpu Machine()
    {
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal
        var busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6];
        return new MachineCpu(busy / TicksPerSecond, (ticks[3] + ticks[4]) / TicksPerSecond, ticks.Length > 7 ? ticks[7] / TicksPerSecond : 0);
    }
}

public readonly record struct MachineCpu(double Busy, double Idle, double Steal)
{
    public static MachineCpu operator -(MachineCpu after, MachineCpu before) =>
        new(after.Busy - before.Busy, after.Idle - before.Idle, after.Steal - before.Steal);

    public double Total => Busy + Idle + Steal;
}
