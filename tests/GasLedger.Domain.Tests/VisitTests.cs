using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Supply;
using GasLedger.Domain.TimeLimits;
using GasLedger.Domain.Visits;

namespace GasLedger.Domain.Tests;

/// <summary>R-TL-1: the visits a holder asks for, on the 3-working-day clock, made within visiting hours (R-CAL-5).</summary>
public sealed class VisitTests
{
    private static readonly ServicePolicy Policy = Given.Policy;
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Official;

    private static VisitRequested Request(VisitKind kind, DateTimeOffset? at = null, DateOnly? preferred = null) =>
        new(Guid.NewGuid(), kind, preferred, null, "S-5001", at ?? Given.Day(11, 30, 9));

    [Fact]
    public void R_TL_1_every_holder_requested_visit_is_due_three_working_days_after_the_day_of_the_request_or_on_the_later_date_asked()
    {
        // Asked on Friday 2026-11-27: due by the end of Wednesday 2 December, the weekend not counted.
        var asked = Request(VisitKind.HoseReplacement, Given.Day(11, 27, 10));
        AccountTimeLimits? s = null;
        foreach (var e in new IAccountEvent[] { Given.Submitted(), asked })
            s = AccountTimeLimits.Follow(s, Given.AccountId, e, (s?.Version ?? 0) + 1, Calendar, Policy);
        var item = Assert.Single(s!.Items.Values, i => i.Kind == CommitmentKind.HolderVisit);
        Assert.Equal(("R-TL-1", WorkingCalendar.EndOfDay(new DateOnly(2026, 12, 2), Policy)), (item.Rule, item.DueAt));

        var later = Request(VisitKind.HoseReplacement, Given.Day(11, 27, 10), new DateOnly(2026, 12, 9));
        var agreed = AccountTimeLimits.Follow(null, Given.AccountId, later, 2, Calendar, Policy);
        Assert.Equal(WorkingCalendar.EndOfDay(new DateOnly(2026, 12, 9), Policy), Assert.Single(agreed.Items.Values).DueAt);

        var done = AccountTimeLimits.Follow(s, Given.AccountId,
            new VisitDone(asked.VisitId, VisitKind.HoseReplacement, "S-2001", null, Given.Day(12, 1, 15)), 3, Calendar, Policy);
        Assert.Equal(WorkState.Met, done.Items[$"visit:{asked.VisitId}"].StateAt(Given.Day(12, 10, 9)));
    }

    [Fact]
    public void R_TL_1_each_kind_fits_its_state_and_stopping_or_unsealing_suspends_or_resumes_supply_as_the_holder_asked()
    {
        var active = Given.Active();
        Expect.Conflict(VisitDecisions.Request(active, Request(VisitKind.Unseal), Policy)); // nothing sealed
        var stop = Request(VisitKind.StopSupply);
        var asked = active.Fold(Expect.Accepted(VisitDecisions.Request(active, stop, Policy)).ToArray());
        Expect.Conflict(VisitDecisions.Request(asked, Request(VisitKind.StopSupply), Policy), "open already");
        Expect.Invalid(VisitDecisions.Request(active, Request(VisitKind.HoseReplacement, preferred: new DateOnly(2026, 11, 1)), Policy), "preferredDate");

        var made = Expect.Accepted(VisitDecisions.Complete(asked, new VisitDone(stop.VisitId, default, "S-2001", null, Given.Day(12, 1, 10)),
            Calendar, Policy));
        Assert.Equal(VisitKind.StopSupply, Assert.IsType<VisitDone>(made[0]).Kind);
        Assert.Equal(SuspensionReason.HolderRequest, Assert.IsType<SupplySuspended>(made[1]).Reason);
        Assert.Equal(0, Causation.CausedBy(made, 1));
        var stopped = asked.Fold(made.ToArray());
        Assert.Equal(AccountStatus.Suspended, stopped.Status);
        Expect.Conflict(VisitDecisions.Complete(stopped, new VisitDone(stop.VisitId, default, "S-2001", null, Given.Day(12, 1, 11)), Calendar, Policy));

        var unseal = Request(VisitKind.Unseal, Given.Day(12, 2, 9));
        var sealedAsked = stopped.Fold(Expect.Accepted(VisitDecisions.Request(stopped, unseal, Policy)).ToArray());
        var back = Expect.Accepted(VisitDecisions.Complete(sealedAsked, new VisitDone(unseal.VisitId, default, "S-2001", null, Given.Day(12, 3, 10)),
            Calendar, Policy));
        Assert.Equal(ResumptionReason.HolderRequest, Assert.IsType<SupplyResumed>(back[1]).Reason);
        Assert.Equal(AccountStatus.Active, sealedAsked.Fold(back.ToArray()).Status);
        Expect.Missing(VisitDecisions.Complete(active, new VisitDone(Guid.NewGuid(), default, "S-2001", null, Given.Day(12, 1, 10)), Calendar, Policy));
    }

    [Fact]
    public void R_CAL_5_a_visit_is_made_within_the_visiting_hours_of_its_day()
    {
        var hose = Request(VisitKind.HoseReplacement);
        var asked = Given.Active().Fold(hose);
        VisitDone At(DateTimeOffset at) => new(hose.VisitId, default, "S-2001", new HoseSale(1.5m, 45m, true), at);
        Expect.Invalid(VisitDecisions.Complete(asked, At(Given.Day(12, 1, 19)), Calendar, Policy), "occurredAt"); // a Tuesday, after 18:00
        Expect.Invalid(VisitDecisions.Complete(asked, At(Given.Day(12, 5, 8, 30)), Calendar, Policy), "occurredAt"); // a Saturday, before 09:00
        Expect.Accepted(VisitDecisions.Complete(asked, At(Given.Day(12, 5, 9, 30)), Calendar, Policy));
    }
}
