using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Inspections;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>One account's history: inspections, hazards and their rectification (R-INSP, R-HAZ).</summary>
internal sealed partial class AccountLifetime
{
    /// <summary>R-INSP-1: the next periodic visit, due the interval after the last; most come a little early, a few late.</summary>
    private DateTimeOffset NextInspection(DateOnly last)
    {
        var due = last.AddMonths(_policy.InspectionIntervalMonths(_account.Category));
        return Office(Late() ? due.AddDays(_rng.Between(5, 45)) : due.AddDays(-_rng.Between(0, 25)));
    }

    /// <summary>
    /// Why an inspector comes: the periodic round, again after nobody was home, the holder's request, or before a
    /// holiday.
    /// </summary>
    private enum Visit { Periodic, Revisit, Requested, BeforeHoliday }

    /// <summary>
    /// 安检 (R-INSP-2, R-HAZ-1/2): a visit ends passed, with hazards, or not home (then a revisit in one to three
    /// weeks). Each hazard is rectified later (a severe one within days, then supply resumes); inspections are called
    /// back the next week at a little over the required 80 %.
    /// </summary>
    private void Inspect(DateTimeOffset at, Visit why)
    {
        var revisit = why == Visit.Revisit;
        var requested = why == Visit.Requested;
        var appointed = why is Visit.Requested or Visit.BeforeHoliday;
        var inspector = Staff(Desk.Inspector);
        var inspectionId = _rng.Version7(at);
        var outcome = !appointed && _rng.Chance(revisit ? 0.25 : CityMix.NotHomeShare) ? InspectionOutcome.NotHome
            : _rng.Chance(CityMix.HazardShare) ? InspectionOutcome.HazardsFound
            : InspectionOutcome.Passed;
        var hazards = outcome == InspectionOutcome.HazardsFound ? Hazards(at, inspectionId, null, _rng.Chance(0.15) ? 2 : 1) : [];
        var charge = outcome != InspectionOutcome.NotHome && _rng.Chance(0.01) ? new Charge(10m * _rng.Between(2, 5), false) : null;
        var visit = new InspectionVisited(inspectionId, inspector, outcome, requested, charge, at);
        Record("record an inspection", InspectionDecisions.Visit(_account, visit, hazards, _policy), at, inspector);
        AfterHazards(at, hazards);

        if (outcome == InspectionOutcome.NotHome)
        {
            if (!revisit) Later(Office(Day(at).AddDays(_rng.Between(7, 21))), t => Inspect(t, Visit.Revisit));
            else Later(NextInspection(Day(at)), t => Inspect(t, Visit.Periodic));
            return;
        }
        if (_rng.Chance(0.85))
            Later(CallCentre(CallbackPlan.WeekStart(Day(at)).AddDays(7 + _rng.Next(5))),
                t => Callback(t, CallbackKind.AfterInspection, inspectionId, irregular: charge is not null,
                    irregularDetail: WorkTexts.InspectionIrregularCharge));
        if (!appointed) Later(NextInspection(Day(at)), t => Inspect(t, Visit.Periodic));
    }

    private HazardFound[] Hazards(DateTimeOffset at, Guid? inspectionId, Guid? repairId, int count)
    {
        var hazards = new HazardFound[count];
        for (var i = 0; i < count; i++)
        {
            var code = _rng.Pick(CityMix.HazardCodes);
            var severity = code == HazardCode.Leak ? HazardSeverity.Severe
                : _rng.Chance(0.22) ? HazardSeverity.Major : HazardSeverity.Minor;
            hazards[i] = new HazardFound(_rng.Version7(at), inspectionId, repairId, code, severity, WorkTexts.Hazard(code), at);
        }
        return hazards;
    }

    /// <summary>R-HAZ-1/2: each hazard's rectification; a severe one within days, and supply resumes if it suspended it.</summary>
    private void AfterHazards(DateTimeOffset at, HazardFound[] hazards)
    {
        foreach (var hazard in hazards)
        {
            var when = hazard.Severity == HazardSeverity.Severe ? at.AddHours(_rng.Between(4, 96))
                : Office(Day(at).AddDays(_rng.Chance(0.9) ? _rng.Between(7, 60) : _rng.Between(61, 180)));
            var id = hazard.HazardId;
            Later(when, t => Rectify(t, id));
        }
    }

    private void Rectify(DateTimeOffset at, Guid hazardId)
    {
        var inspector = Staff(Desk.Inspector);
        Record("rectify a hazard", InspectionDecisions.Rectify(_account, new HazardRectified(hazardId, inspector, at)), at, inspector);
        if (_account.Suspension is { Reason: SuspensionReason.Hazard } suspension && suspension.HazardId == hazardId)
            Later(at.AddMinutes(_rng.Between(20, 180)), Resume);
    }

    /// <summary>
    /// R-INSP-1: a public-service building is inspected in the weeks before the Spring Festival, Labour Day and National
    /// Day (the holiday's block of days off on the working calendar), by appointment; a few are missed.
    /// </summary>
    private void BeforeNextHoliday(DateOnly after)
    {
        var next = Enumerable.Range(after.Year, 2)
            .SelectMany(year => Enum.GetValues<InspectionHoliday>()
                .Select(h => HolidayInspections.Start(HolidayInspections.Anchor(h, year), Calendar)))
            .Where(start => start.AddDays(-_policy.HolidayInspectionWindowDays) > after)
            .Min();
        if (!Late()) Later(Office(next.AddDays(-_rng.Between(10, _policy.HolidayInspectionWindowDays - 2))),
            t => Inspect(t, Visit.BeforeHoliday));
        Later(At(next, 9 * 60, 10 * 60), _ => BeforeNextHoliday(next));
    }

    /// <summary>R-INSP-3: the holder asks for an inspection; it is done within three days (a few late).</summary>
    private void RequestInspection(DateTimeOffset at)
    {
        if (_account.InspectionRequestedAt is not null) return;
        Record("request an inspection", InspectionDecisions.Request(_account,
                new InspectionRequested(_rng.Chance(0.5) ? Day(at).AddDays(1) : null, "用户申请上门安检", at)),
            at, Staff(Desk.Counter));
        // Requested visits are made on any day, weekends too: the three days are calendar days.
        Later(Late()
                ? at.AddDays(_rng.Between(4, 6))
                : At(Day(at).AddDays(_rng.Between(1, _policy.RequestedInspectionDays)), 9 * 60, 18 * 60),
            t => Inspect(t, Visit.Requested));
    }
}
