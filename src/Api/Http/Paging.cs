namespace GasLedger.Api.Http;

/// <summary>
/// Paging of every list (api-contract.md, Conventions): <c>page</c> from 1, <c>pageSize</c> default 50, at most 500.
/// A page is at most <see cref="MaxPage"/>, so the rows skipped before it still count in an <c>int</c>.
/// </summary>
public static class Paging
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;
    public const int MaxPage = int.MaxValue / MaxSize;

    /// <summary>The page and size asked for; out of range, a field error.</summary>
    public static (int Page, int Size) Read(int? page, int? pageSize, FieldErrors errors)
    {
        errors.When(pageSize is < 1 or > MaxSize, "pageSize", $"must be from 1 to {MaxSize}.");
        return (Page(page, errors), pageSize ?? DefaultSize);
    }

    /// <summary>As <see cref="Read"/>, with a size outside 1–500 taken as the nearest of them.</summary>
    public static (int Page, int Size) ReadClamped(int? page, int? pageSize, FieldErrors errors) =>
        (Page(page, errors), Math.Clamp(pageSize ?? DefaultSize, 1, MaxSize));

    private static int Page(int? page, FieldErrors errors)
    {
        errors.When(page is < 1 or > MaxPage, "page", $"must be from 1 to {MaxPage}.");
        return page ?? 1;
    }
}

/// <summary>A page of a list (api-contract.md, Conventions).</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
