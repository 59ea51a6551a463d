using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.TimeLimits;

namespace GasLedger.Domain.Tests;

/// <summary>R-REP-4: a repair's source, the checks at completion, a failed airtightness test keeping it open, a referral.</summary>
public sealed class RepairDetailTests
{
    private static (Account OnSite, RepairReported Reported) OnSite(RepairSource source = RepairSource.CityHotline)
    {
        var reported = Given.Repair(Given.Day(11, 30, 9)) with { Source = source };
        var account = Given.Active().Fold(reported, new RepairDispatched(reported.RepairId, "S-2002", Given.Day(11, 30, 9, 10)),
            new TechnicianArrived(reported.RepairId, Given.Day(11, 30, 10)));
        return (account, reported);
    }

    [Fact]
    public void R_REP_4_a_failed_airtightness_test_keeps_the_repair_open_until_a_completion_passes_it()
    {
        var (onSite, reported) = OnSite();
        var failed = new RepairCompleted(reported.RepairId, false, null, "接头仍漏", Given.Day(11, 30, 11), SafetyChecked: true, Reignited: false);
        var stillOpen = onSite.Fold(Expect.Accepted(RepairDecisions.Complete(onSite, failed, [], Given.Policy)).ToArray());
        Assert.Equal(RepairStatus.OnSite, stillOpen.Repairs[reported.RepairId].Status);
        Assert.Null(CallbackWork.Done(new StreamEvent(Guid.NewGuid(), failed), ApplicationNature.Individual, new Dictionary<Guid, string>()));

        var passed = failed with { AirtightnessPassed = true, Reignited = true, HolderSignedOff = true, OccurredAt = Given.Day(11, 30, 14) };
        var done = stillOpen.Fold(Expect.Accepted(RepairDecisions.Complete(stillOpen, passed, [], Given.Policy)).ToArray());
        Assert.Equal(RepairStatus.Completed, done.Repairs[reported.RepairId].Status);
        Assert.True(CallbackWork.Done(new StreamEvent(Guid.NewGuid(), passed), ApplicationNature.Individual, new Dictionary<Guid, string>())!.NeedsCallback);

        AccountTimeLimits? limits = null;
        foreach (var e in new IAccountEvent[] { Given.Submitted(), reported, failed })
            limits = AccountTimeLimits.Follow(limits, Given.AccountId, e, (limits?.Version ?? 0) + 1, WorkingCalendar.Official, Given.Policy);
        Assert.Null(limits!.Items[$"repairCompletion:{reported.RepairId}"].DoneAt);
    }

    [Fact]
    public void R_REP_4_a_repair_keeps_its_source_and_one_not_done_may_be_referred_elsewhere_with_the_reason_ending_its_clocks()
    {
        var (onSite, reported) = OnSite(RepairSource.FoundByStaff);
        Assert.Equal(RepairSource.FoundByStaff, reported.Source);
        var referred = new RepairReferred(reported.RepairId, "物业公司", "小区公共管道", Given.Day(11, 30, 11));
        var handedOn = onSite.Fold(Expect.Accepted(RepairDecisions.Refer(onSite, referred)).ToArray());
        Assert.Equal(RepairStatus.Referred, handedOn.Repairs[reported.RepairId].Status);
        Expect.Conflict(RepairDecisions.Refer(handedOn, referred));
        Expect.Conflict(RepairDecisions.Complete(handedOn, new RepairCompleted(reported.RepairId, true, null, null, Given.Day(11, 30, 12)), [], Given.Policy));
        Expect.Missing(RepairDecisions.Refer(onSite, referred with { RepairId = Guid.NewGuid() }));

        AccountTimeLimits? limits = null;
        foreach (var e in new IAccountEvent[] { Given.Submitted(), reported, referred })
            limits = AccountTimeLimits.Follow(limits, Given.AccountId, e, (limits?.Version ?? 0) + 1, WorkingCalendar.Official, Given.Policy);
        Assert.All(limits!.Items.Values.Where(i => i.WorkId == reported.RepairId), i => Assert.Equal(referred.OccurredAt, i.DoneAt));
    }
}
