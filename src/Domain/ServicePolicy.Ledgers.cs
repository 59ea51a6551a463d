namespace GasLedger.Domain;

/// <summary>What the ledgers (台账) read from the service policy.</summary>
public sealed partial record ServicePolicy
{
    /// <summary>
    /// R-CAL-4: the first instant of a company-local date. A ledger's period <c>from</c>–<c>to</c> is the instants from
    /// the start of <c>from</c> up to, not including, the start of the day after <c>to</c>.
    /// </summary>
    public DateTimeOffset StartOfLocalDay(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, TimeZone.GetUtcOffset(midnight));
    }
}
