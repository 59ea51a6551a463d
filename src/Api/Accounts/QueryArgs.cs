using System.Globalization;
using GasLedger.Domain;

namespace GasLedger.Api.Accounts;

/// <summary>Query-string arguments read strictly: a value that does not parse is a 400 naming the field, never ignored.</summary>
public sealed class QueryArgs
{
    private readonly Dictionary<string, string[]> _errors = new();

    public bool Invalid => _errors.Count > 0;

    public IResult Problem() => Problems.Invalid(_errors);

    public DateOnly Date(string? text, string field, DateOnly fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        _errors[field] = ["must be a date yyyy-MM-dd."];
        return fallback;
    }

    public T? Enum<T>(string? text, string field) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value)) return value;
        _errors[field] = [$"must be one of {string.Join(", ", System.Enum.GetNames<T>().Select(GasLedger.Domain.Accounts.Lifecycle.JsonName))}."];
        return null;
    }

    public int Int(string? text, string field, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        _errors[field] = [$"must be a whole number from {min} to {max}."];
        return fallback;
    }

    /// <summary>The contract's paging: <c>page</c> from 1, <c>pageSize</c> default 50, at most 500.</summary>
    public (int Page, int PageSize) Paging(string? page, string? pageSize) =>
        (Int(page, "page", 1, 1, int.MaxValue), Int(pageSize, "pageSize", 50, 1, 500));

    public static DateOnly Today(TimeProvider clock, ServicePolicy policy) => policy.LocalDate(clock.GetUtcNow());
}
