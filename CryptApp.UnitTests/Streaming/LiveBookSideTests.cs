using CryptApp.Core.Streaming;
using CsCheck;

namespace CryptApp.UnitTests.Streaming;

/// <summary>
/// A live book side against a plain sorted dictionary of the same changes (the oracle): after any sequence of sets,
/// removals of present and absent levels and cuts to a depth, both hold the same levels, best first.
/// </summary>
public sealed class LiveBookSideTests
{
    private static readonly Gen<(bool Bids, (int Op, int Price, int Size)[] Ops)> Scripts =
        Gen.Select(
            Gen.Bool,
            Gen.Select(Gen.Int[0, 9], Gen.Int[1, 60], Gen.Int[0, 500]).Array[0, 400]);

    [Fact]
    public void Holds_what_a_sorted_dictionary_of_the_same_changes_holds()
    {
        Scripts.Sample(script =>
        {
            var side = new LiveBookSide(script.Bids, capacity: 4);
            var oracle = new SortedDictionary<decimal, decimal>(
                Comparer<decimal>.Create((a, b) => script.Bids ? b.CompareTo(a) : a.CompareTo(b)));
            foreach (var (op, priceUnits, sizeUnits) in script.Ops)
            {
                var price = priceUnits * 0.25m;
                if (op == 0)
                {
                    // Cut to a depth: the venue sends nothing for levels that fall out of it.
                    var depth = sizeUnits % 40;
                    side.Truncate(depth);
                    foreach (var gone in oracle.Keys.Skip(depth).ToList())
                    {
                        oracle.Remove(gone);
                    }

                    continue;
                }

                // A size of 0 removes (a removal of an absent level included); sizes carry a scale of their own.
                var size = op == 1 ? 0m : sizeUnits / 100m;
                side.Set(price, size);
                if (size == 0)
                {
                    oracle.Remove(price);
                }
                else
                {
                    oracle[price] = size;
                }
            }

            var held = Enumerable.Range(0, side.Count).Select(i => (side.PriceAt(i), side.SizeAt(i))).ToList();
            Assert.Equal(oracle.Select(l => (l.Key, l.Value)).ToList(), held);
            Assert.Equal(oracle.Count > 0 ? oracle.Keys.First() : null, side.Best);
        }, iter: 2_000);
    }
}
