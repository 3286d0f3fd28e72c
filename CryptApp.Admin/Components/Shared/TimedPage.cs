using CryptApp.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace CryptApp.Admin.Components.Shared;

/// <summary>
/// A page that shows times: the first interactive render learns the browser's time zone and renders
/// again, so times never stay in UTC.
/// </summary>
public abstract class TimedPage : ComponentBase
{
    [Inject]
    protected BrowserTime Time { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // The layout may have learned the zone first; render again either way.
            await Time.InitializeAsync();
            StateHasChanged();
        }
    }
}
