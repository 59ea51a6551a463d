using System.Globalization;

namespace GasLedger.Api.Ledgers;

/// <summary>
/// What a ledger is asked for: the period <c>from</c>–<c>to</c> (dates, both inclusive, in the company's time zone,
/// R-CAL-4), <c>district</c>, <c>accountNumber</c>, <c>staff</c>, paging (api-contract.md, Conventions), and the
/// ledger's own filters. Every value that does not parse is a field error; nothing here throws.
/// </summary>
public sealed class LedgerQuery
{

    private readonly IQueryCollection _query;

    private LedgerQuery(IQueryCollection query, FieldErrors errors) => (_query, Errors) = (query, errors);

    /// <summary>The field errors found so far, the ledger's own filters' included.</summary>
    public FieldErrors Errors { get; }

    public DateOnly? From { get; private init; }
    public DateOnly? To { get; private init; }

    /// <summary>The first instant of the period: the start of <see cref="From"/>.</summary>
    public DateTimeOffset? Start { get; private init; }

    /// <summary>The first instant after the period: the start of the day after <see cref="To"/>.</summary>
    public DateTimeOffset? End { get; private init; }

    public string? District { get; private init; }
    public string? AccountNumber { get; private init; }
    public string? Staff { get; private init; }
    public int Page { get; private init; } = 1;
    public int PageSize { get; private init; } = Paging.DefaultSize;

    /// <summary>The common part from the route's parameters; the ledger's own filters are read from <paramref name="query"/>.</summary>
    public static LedgerQuery Parse(string? from, string? to, string? district, string? accountNumber, string? staff, string? page,
        string? pageSize, IQueryCollection query, ServicePolicy policy)
    {
        var errors = new FieldErrors();
        var fromDate = ReadInput.Date(from, "from", errors);
        var toDate = ReadInput.Date(to, "to", errors);
        errors.When(fromDate > toDate, "to", "may not be before from.");
        return new LedgerQuery(query, errors)
        {
            From = fromDate,
            To = toDate,
            // In UTC: the database takes instants (timestamptz) with offset 0 only.
            Start = fromDate is { } f ? policy.StartOfLocalDay(f).ToUniversalTime() : null,
            End = toDate is { } t ? policy.StartOfLocalDay(t.AddDays(1)).ToUniversalTime() : null,
            District = Blank(district),
            AccountNumber = Blank(accountNumber),
            Staff = Blank(staff),
            Page = Number(page, "page", 1, Paging.MaxPage, errors) ?? 1,
            PageSize = Number(pageSize, "pageSize", 1, Paging.MaxSize, errors) ?? Paging.DefaultSize,
        };
    }

    /// <summary>
    /// A ledger's own filter that takes one of an enumeration's values, by its JSON name (<c>open</c>,
    /// <c>hazardsFound</c>).
    /// </summary>
    public T? Enum<T>(string name) where T : struct, Enum
    {
        if (Blank(_query[name].FirstOrDefault()) is not { } text) return null;
        foreach (var value in System.Enum.GetValues<T>())
            if (string.Equals(WireNames.Of(value.ToString()), text, StringComparison.OrdinalIgnoreCase))
                return value;
        Errors.Add(name, $"must be one of {string.Join(", ", System.Enum.GetValues<T>().Select(v => WireNames.Of(v.ToString())))}.");
        return null;
    }

    /// <summary>A ledger's own yes-or-no filter: <c>true</c> or <c>false</c>.</summary>
    public bool? Bool(string name)
    {
        if (Blank(_query[name].FirstOrDefault()) is not { } text) return null;
        if (bool.TryParse(text, out var value)) return value;
        Errors.Add(name, "must be true or false.");
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int? Number(string? text, string name, int min, int max, FieldErrors errors)
    {
        if (Blank(text) is not { } trimmed) return null;
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors.Add(name, $"must be a whole number from {min} to {max}.");
        return null;
    }
}
