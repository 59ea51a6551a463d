using System.Globalization;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Satisfaction;
using GasLedger.Domain;

namespace GasLedger.Projections;

/// <summary>Company dates as the read models keep them.</summary>
public static class Dates
{
    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
