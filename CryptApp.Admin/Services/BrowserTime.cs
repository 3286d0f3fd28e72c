using Microsoft.JSInterop;

namespace CryptApp.Admin.Services;

/// <summary>Shows times in the browser's time zone (its UTC offset, read once per circuit).</summary>
public sealed class BrowserTime(IJSRuntime js, TimeProvider clock)
{
    private TimeSpan? _offset;

    /// <summary>Reads the browser's offset once; true when it was not known before (times need a re-render).</summary>
    public async Task<bool> InitializeAsync()
    {
        if (_offset is not null)
        {
            return false;
        }

        var minutes = await js.InvokeAsync<int>("eval", "-new Date().getTimezoneOffset()");
        _offset = TimeSpan.FromMinutes(minutes);
        return true;
    }

    public string Format(DateTimeOffset? time) =>
        time is { } t ? t.ToOffset(_offset ?? TimeSpan.Zero).ToString("yyyy-MM-dd HH:mm:ss") + (_offset is null ? " UTC" : "") : "—";

    /// <summary>How long ago (or, for a time to come, in how long): "just now", "5 min ago", "in 2 h".</summary>
    public string Relative(DateTimeOffset? time)
    {
        if (time is not { } t)
        {
            return "—";
        }

        var delta = clock.GetUtcNow() - t;
        var span = delta.Duration();
        var text = span switch
        {
            { TotalSeconds: < 5 } => null,
            { TotalMinutes: < 1 } => $"{span.TotalSeconds:F0} s",
            { TotalHours: < 1 } => $"{span.TotalMinutes:F0} min",
            { TotalDays: < 2 } => $"{span.TotalHours:F0} h",
            _ => $"{span.TotalDays:F0} d",
        };
        return text is null ? "just now" : delta > TimeSpan.Zero ? $"{text} ago" : $"in {text}";
    }

    /// <summary>Whether the time is still to come (a pause or ban in force).</summary>
    public bool IsFuture(DateTimeOffset? time) => time > clock.GetUtcNow();

    public string Short(DateTimeOffset time) => time.ToOffset(_offset ?? TimeSpan.Zero).ToString("HH:mm");
}
