namespace GasLedger.Domain;

/// <summary>
/// The plausible size of what staff enter: a figure beyond these is a typing error (a reading of 100,000 m³ for one
/// home would make it a key account at once), refused with a field error before it reaches the ledgers.
/// </summary>
public sealed partial record ServicePolicy
{
    /// <summary>The most one fee, charge, price or purchase may be, CNY.</summary>
    public decimal MaxAmountYuan { get; init; } = 10_000_000m;

    /// <summary>R-INS-3: the longest service pipe one installation may record, metres.</summary>
    public decimal MaxPipeLengthMeters { get; init; } = 10_000m;

    /// <summary>R-IGN-3: the longest corrugated hose one ignition may sell, metres.</summary>
    public decimal MaxHoseLengthMeters { get; init; } = 10m;

    /// <summary>
    /// R-SUP-3: one reading or purchase may be at most this many times the account's category's tier-A threshold
    /// (R-CLS-2, a year's volume): 3,000 m³ for a home, 5,000,000 m³ for an industrial account by default.
    /// </summary>
    public decimal MaxUsageYearsOfTierA { get; init; } = 5m;

    public decimal MaxUsageM3(CustomerCategory category) => TiersFor(category).A * MaxUsageYearsOfTierA;
}
