using MudBlazor;

namespace CryptApp.Admin.Components.Layout;

/// <summary>One theme for every page, light and dark.</summary>
public static class AdminTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#2f5bea", Secondary = "#00a88f", AppbarBackground = "#1c2541" },
        PaletteDark = new PaletteDark { Primary = "#7c9cff", Secondary = "#3fd3b6", AppbarBackground = "#11162a" },
    };
}
