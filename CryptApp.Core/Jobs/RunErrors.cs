using CryptApp.Contracts.Jobs;

namespace CryptApp.Core.Jobs;

/// <summary>
/// How many errors a run record lists: every error of a run or venue as a whole (symbol <c>*</c> or
/// <c>venue:*</c>), and symbol errors up to <see cref="MaxListed"/> in all; the others are only counted.
/// </summary>
public static class RunErrors
{
    public const int MaxListed = 100;

    /// <summary>The errors to list, in their order, and how many are left out (with <paramref name="omitted"/> left out before).</summary>
    public static (IReadOnlyList<RunError> Listed, int Omitted) Cap(IEnumerable<RunError> errors, int omitted = 0)
    {
        var all = errors as IReadOnlyList<RunError> ?? errors.ToList();
        var wide = all.Count(IsWide);
        var room = Math.Max(0, MaxListed - wide);
        var listed = new List<RunError>(Math.Min(all.Count, MaxListed));
        foreach (var error in all)
        {
            if (IsWide(error))
            {
                listed.Add(error);
            }
            else if (room > 0)
            {
                listed.Add(error);
                room--;
            }
            else
            {
                omitted++;
            }
        }

        return (listed, omitted);
    }

    private static bool IsWide(RunError error) => error.Symbol == "*" || error.Symbol.EndsWith(":*", StringComparison.Ordinal);
}
