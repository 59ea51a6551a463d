namespace GasLedger.Domain.Callbacks;

/// <summary>One kind's callback rate in a month against its required rate (R-CB-3), and what it costs (R-CB-5).</summary>
public sealed record RateAssessment(
    CallbackKind Kind, int Due, int CalledBack, decimal? Rate, decimal? RequiredRate, decimal Shortfall, int Bands, int PointsLost);

/// <summary>R-CB-3/5 as pure functions: a callback rate, and the points lost for falling short of the required rate.</summary>
public static class CallbackAssessment
{
    /// <summary>
    /// R-CB-3: the rate is the share of the callbacks that fell due which were made by the end of their window; with
    /// nothing due there is no rate (and nothing to lose).
    /// </summary>
    public static decimal? Rate(int due, int calledBack) => due == 0 ? null : (decimal)calledBack / due;

    /// <summary>
    /// R-CB-5: one band of <see cref="ServicePolicy.CallbackDeductionBand"/> (10 %) or part of one for every band the
    /// rate falls below the required rate: 8 % below is one band, 10 % one, 12 % two. At or above the required rate, or
    /// without a rate or a required rate: none.
    /// </summary>
    public static int BandsBelow(decimal? rate, decimal? required, ServicePolicy policy)
    {
        if (rate is not { } r || required is not { } q || r >= q || policy.CallbackDeductionBand <= 0) return 0;
        return (int)Math.Ceiling((q - r) / policy.CallbackDeductionBand);
    }

    /// <summary>R-CB-5: the points of the month's performance score lost for a rate.</summary>
    public static int PointsLost(decimal? rate, decimal? required, ServicePolicy policy) =>
        BandsBelow(rate, required, policy) * policy.CallbackDeductionPointsPerBand;

    /// <summary>R-CB-1/3/5: the assessment of one kind in a month.</summary>
    public static RateAssessment Assess(CallbackKind kind, int due, int calledBack, ServicePolicy policy)
    {
        var rate = Rate(due, calledBack);
        var required = policy.RequiredCallbackRate(kind);
        var shortfall = rate is { } r && required is { } q && r < q ? q - r : 0m;
        var bands = BandsBelow(rate, required, policy);
        return new RateAssessment(kind, due, calledBack, rate, required, shortfall, bands, bands * policy.CallbackDeductionPointsPerBand);
    }
}
