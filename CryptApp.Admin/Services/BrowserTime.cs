using Microsoft.JSInterop;

namespace CryptApp.Admin.Services;

/// <summary>Shows times in the browser's time zone (its UTC offset, read once per circuit).</summary>
public sealed class BrowserTime(IJSRuntime js)
{
    private TimeSpan? _offset;

    public async Task InitializeAsync()
    {
        if (_offset is null)
        {
            var minutes = await js.InvokeAsync<int>("eval", "-new Date().getTimezoneOffset()");
            _offset = TimeSpan.FromMinutes(minutes);
        }
    }

    public string Format(DateTimeOffset? time) =>
        time is { } t ? t.ToOffset(_offset ?? TimeSpan.Zero).ToString("yyyy-MM-dd HH:mm:ss") + (_offset is null ? " UTC" : "") : "—";

    public string Short(DateTimeOffset time) => time.ToOffset(_offset ?? TimeSpan.Zero).ToString("HH:mm");
}
