using Microsoft.JSInterop;

namespace CryptApp.Admin.Services;

/// <summary>Shows times in the browser's time zone (its UTC offset, read once per circuit).</summary>
public sealed class BrowserTime(IJSRuntime js)
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

    public string Short(DateTimeOffset time) => time.ToOffset(_offset ?? TimeSpan.Zero).ToString("HH:mm");
}
