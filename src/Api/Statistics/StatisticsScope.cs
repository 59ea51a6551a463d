namespace GasLedger.Api.Statistics;

/// <summary>
/// What every statistic is asked for: a period (<c>from</c>..<c>to</c>, company dates, both included; by default this
/// month), its first and last months, and a district and a customer category if given.
/// </summary>
public sealed record StatisticsScope(DateOnly From, DateOnly To, string? District, CustomerCategory? Category)
{
    public DateOnly FirstMonth => new(From.Year, From.Month, 1);
    public DateOnly LastMonth => new(To.Year, To.Month, 1);

    /// <summary>The scope, or the fields' errors in <paramref name="errors"/>; the category from the field <paramref name="categoryField"/>.</summary>
    public static StatisticsScope Read(string? from, string? to, string? district, string? category, string categoryField, ServicePolicy policy,
        TimeProvider clock, FieldErrors errors)
    {
        var (start, end) = ReadInput.Period(from, to, policy.LocalDate(clock.GetUtcNow()), errors);
        return new StatisticsScope(start, end, ReadInput.District(district), ReadInput.Enum<CustomerCategory>(category, categoryField, errors));
    }
}
