namespace GasLedger.Domain;

/// <summary>
/// The company's service policy: every number of the rule catalogue (shared/gasledger/domain-rules.md) in one
/// object, bound from the <c>ServicePolicy</c> configuration section so a deployment can override any of them.
/// Code reads the numbers from here; no rule's number is a literal in a handler.
/// </summary>
public sealed partial record ServicePolicy
{
    public static ServicePolicy Default { get; } = new();

    /// <summary>R-CAL-4: business dates, day boundaries, months and weeks are taken in this zone.</summary>
    public string TimeZoneId { get; init; } = "Asia/Shanghai";

    /// <summary>Commands may carry a business time this far ahead of the server clock (clock skew), no more.</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>R-ACC-3: account numbers are this prefix followed by a never-reused serial.</summary>
    public string AccountNumberPrefix { get; init; } = "33";

    /// <summary>R-ACC-3: digits of the serial part of an account number.</summary>
    public int AccountNumberDigits { get; init; } = 8;

    /// <summary>R-CMP-2: complaint numbers are <c>{prefix}-{yyyyMM}-{serial}</c>, the serial restarting each month.</summary>
    public string ComplaintNumberPrefix { get; init; } = "TS";

    /// <summary>R-APP-2 (2): a missing holder name is recorded as this.</summary>
    public string MissingHolderName { get; init; } = "用户";

    /// <summary>R-APP-2 (6): a lost collective invoice is recorded with this date.</summary>
    public DateOnly LostCollectiveInvoiceDate { get; init; } = new(2002, 1, 1);

    /// <summary>R-APP-3: residential application fee by building type, CNY.</summary>
    public decimal ResidentialFeeMultiStorey { get; init; } = 2400m;
    public decimal ResidentialFeeHighRise { get; init; } = 2850m;
    public decimal ResidentialFeeVilla { get; init; } = 4000m;

    /// <summary>R-INT-1: the reward, CNY, for a report of staff taking favours that proves true.</summary>
    public decimal ConductReportRewardYuan { get; init; } = 200m;

    /// <summary>R-HAZ-2: a severe hazard found on an account with gas on suspends its supply until rectified.</summary>
    public bool SuspendSupplyOnSevereHazard { get; init; } = true;

    /// <summary>R-INSP-1: months between periodic inspections of residential accounts.</summary>
    public int ResidentialInspectionIntervalMonths { get; init; } = 12;

    /// <summary>R-INSP-1: months between periodic inspections of non-residential accounts (at least twice a year).</summary>
    public int NonResidentialInspectionIntervalMonths { get; init; } = 6;

    /// <summary>R-CLS-2: value tier thresholds (m³ in the last 12 months) per category.</summary>
    public TierThresholds ResidentialTiers { get; init; } = new(600m, 200m);
    public TierThresholds PublicServiceTiers { get; init; } = new(50_000m, 10_000m);
    public TierThresholds IndustrialTiers { get; init; } = new(1_000_000m, 100_000m);
    public TierThresholds OtherTiers { get; init; } = new(500_000m, 50_000m);

    /// <summary>R-CLS-3: an account whose gas went on less than this many months ago is new.</summary>
    public int NewAccountMonths { get; init; } = 12;

    /// <summary>R-CLS-3: an account with gas on but no volume in this many months is dormant.</summary>
    public int DormantAfterMonths { get; init; } = 6;

    /// <summary>R-CLS-5: this many complaints in 12 months is a risk flag.</summary>
    public int ComplaintRiskCount { get; init; } = 2;

    /// <summary>
    /// R-ACC-4, R-INT-2: a party of a closed account may be erased this many years after the closure (the rule catalogue
    /// names no number; three years is the general limitation period for civil claims, 民法典 第一百八十八条).
    /// </summary>
    public int PartyRetentionYears { get; init; } = 3;

    public TierThresholds TiersFor(CustomerCategory category) => category switch
    {
        CustomerCategory.Residential => ResidentialTiers,
        CustomerCategory.PublicService => PublicServiceTiers,
        CustomerCategory.Industrial => IndustrialTiers,
        _ => OtherTiers,
    };

    public int InspectionIntervalMonths(CustomerCategory category) =>
        category == CustomerCategory.Residential ? ResidentialInspectionIntervalMonths : NonResidentialInspectionIntervalMonths;

    /// <summary>R-APP-3: the residential fee for a building type.</summary>
    public decimal ResidentialFee(BuildingType type) => type switch
    {
        BuildingType.MultiStorey => ResidentialFeeMultiStorey,
        BuildingType.HighRise => ResidentialFeeHighRise,
        BuildingType.Villa => ResidentialFeeVilla,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// The zone of <see cref="TimeZoneId"/>, looked up once: the system's lookup takes a lock on every call, which two
    /// threads deciding side by side (the import's generator, the API's requests) contended for.
    /// </summary>
    public TimeZoneInfo TimeZone => Zones.GetOrAdd(TimeZoneId, TimeZoneInfo.FindSystemTimeZoneById);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo> Zones = new();

    /// <summary>R-CAL-4: the company-local calendar date of an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);
}

/// <summary>R-CLS-2: volume at or above <see cref="A"/> is tier A, at or above <see cref="B"/> tier B, else C.</summary>
public sealed record TierThresholds(decimal A, decimal B);
