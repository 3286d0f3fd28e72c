using System.Text.Json;
using CryptApp.Api.Queries;
using CryptApp.Api.Validation;
using CryptApp.Contracts.Markets;

namespace CryptApp.UnitTests;

public sealed class MarketListQueryTests
{
    /// <summary>Read off the type the list serves, so a numeric field added later without a sort key fails here.</summary>
    public static TheoryData<string> NumericFields => new(typeof(MarketSummary).GetProperties()
        .Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) is var t && (t == typeof(double) || t == typeof(int) || t == typeof(long)))
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)));

    [Theory]
    [MemberData(nameof(NumericFields))]
    public void The_list_sorts_by_every_numeric_field_it_returns(string field)
    {
        var errors = new Errors();

        var query = MarketListQuery.Parse(null, field.ToUpperInvariant(), "desc", null, null, errors);

        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        Assert.Equal(field, query.Sort);
    }

    [Fact]
    public void Equivalent_list_queries_have_one_cache_key()
    {
        string? Query(string name) => name switch { "search" => "btc", "sort" => "SPREADBPS", "page" => "01", _ => null };
        string? Same(string name) => name switch { "search" => "BTC", "sort" => "spreadBps", "order" => "asc", "pageSize" => "50", _ => null };

        Assert.Equal(MarketListQuery.CacheKey(Query), MarketListQuery.CacheKey(Same));
        Assert.Null(MarketListQuery.CacheKey(name => name == "page" ? "0" : null));
    }
}
