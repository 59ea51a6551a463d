using GasLedger.Api.Http;
using GasLedger.Api.Accounts;

namespace GasLedger.Api.Tests;

/// <summary>The page of unsorted rows (classification, by account number) is the page of the sorted rows, at any page.</summary>
public class TopPageTests
{
    [Theory]
    [InlineData(1, 50, 1_000)]
    [InlineData(3, 7, 100)]
    [InlineData(15, 7, 100)] // the last, short page
    [InlineData(16, 7, 100)] // past the end: empty
    [InlineData(2, 500, 30)]
    public void A_page_of_rows_streamed_in_any_order_is_the_page_of_the_sorted_rows(int page, int size, int rows)
    {
        var random = new Random(page * 1_000 + rows);
        var numbers = Enumerable.Range(0, rows).Select(i => $"33{random.Next(0, 100_000_000):D8}-{i}").ToArray();
        var top = new TopPage<string>(page, size, StringComparer.Ordinal);
        foreach (var n in numbers) top.Offer(n);

        var expected = numbers.Order(StringComparer.Ordinal).Skip((page - 1) * size).Take(size).ToArray();
        Assert.Equal(expected, top.Rows());
        Assert.Equal(Math.Clamp(rows - (page - 1) * size, 0, size), top.Rows().Count);
    }
}
