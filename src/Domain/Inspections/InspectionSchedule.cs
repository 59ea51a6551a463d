using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Inspections;

/// <summary>
/// A stretch of days over which an account's next periodic inspection stays the same (R-INSP-1): from a day
/// (inclusive) until a day (exclusive; none while it lasts), the inspection falls due on
/// <see cref="NextDue"/>; <see cref="LastInspected"/> is the inspection it counts from, none for the first after gas-on.
/// </summary>
public sealed record DuePeriod(DateOnly From, DateOnly? Until, DateOnly NextDue, DateOnly? LastInspected);

public static class InspectionSchedule
{
    /// <summary>
    /// R-INSP-1 over an account's whole life as periods: one from gas-on, one from each inspection that counted (a
    /// not-home visit does not, R-INSP-2), each ending where the next begins, the last at closure. On any date the
    /// period holding it gives what <see cref="Classifier.NextInspectionDue(Account, DateOnly, ServicePolicy)"/>
    /// gives for that date; on a date no period holds (before gas-on, from closure on) no inspection is due. A period
    /// once given keeps its first day as the account's life goes on, so its document is only ever written again.
    /// </summary>
    public static IReadOnlyList<DuePeriod> Periods(Account account, ServicePolicy policy)
    {
        if (account.GasOnAt is not { } gasOn) return [];
        var interval = policy.InspectionIntervalMonths(account.Category);
        // One period a day it can start on: gas-on, then each day with an inspection that counted (the later wins a day).
        var starts = new List<(DateOnly Day, DateOnly? Inspected)> { (policy.LocalDate(gasOn), null) };
        foreach (var day in account.InspectedAt.Select(policy.LocalDate).Order())
        {
            if (day < starts[^1].Day) continue;
            if (day == starts[^1].Day) starts.RemoveAt(starts.Count - 1);
            starts.Add((day, day));
        }
        DateOnly? end = account.ClosedAt is { } closed ? policy.LocalDate(closed) : null;

        // Every start has its period, an empty one (until = from) where the next start or the closure comes the same
        // day: the periods of an account only ever gain an end or a successor, never go away.
        var periods = new List<DuePeriod>();
        for (var i = 0; i < starts.Count; i++)
        {
            var from = starts[i].Day;
            DateOnly? until = i + 1 < starts.Count ? starts[i + 1].Day : end;
            if (end < until) until = end;
            if (until < from) until = from;
            periods.Add(new DuePeriod(from, until, from.AddMonths(interval), starts[i].Inspected));
        }
        return periods;
    }
}
