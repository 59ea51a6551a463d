namespace GasLedger.City;

/// <summary>What city to generate: the same options give the same city, event for event.</summary>
public sealed record CityOptions
{
    public int Seed { get; init; } = 20261123;
    public int Accounts { get; init; } = 5_000;
    /// <summary>The last day of the history (inclusive, Asia/Shanghai). No event is later.</summary>
    public DateOnly End { get; init; } = new(2026, 11, 1);
    public int Years { get; init; } = 5;
}
