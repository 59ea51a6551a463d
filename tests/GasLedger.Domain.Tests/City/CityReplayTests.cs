using GasLedger.City;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Counter;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.TimeLimits;
using GasLedger.Domain.Transfers;

namespace GasLedger.Domain.Tests.SyntheticCity;

/// <summary>
/// Every generated history replays: folded from its application, each command's events are exactly what the decision
/// they came from accepts on the state before them, with the API's causation, in non-decreasing business time, none
/// after the end of the history.
/// </summary>
public class CityReplayTests
{
    private static readonly ServicePolicy Policy = ServicePolicy.Default;

    [Fact]
    public void Five_thousand_accounts_replay_through_the_decisions_they_came_from()
    {
        var options = new CityOptions { Accounts = 5_000 };
        var now = new DateTimeOffset(options.End.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).AddDays(1).AddTicks(-1);
        var count = 0;
        foreach (var account in new CityGenerator(options, Policy).Accounts())
        {
            Replay(account, now);
            count++;
        }
        Assert.Equal(5_000, count);
    }

    internal static void Replay(CityAccount city, DateTimeOffset now)
    {
        var events = city.Events;
        var submitted = Assert.IsType<ApplicationSubmitted>(events[0].Data);
        Assert.Equal(city.AccountId, submitted.AccountId);
        Assert.Equal(city.Number, submitted.AccountNumber);
        Assert.Equal(city.Parties[0].Id, submitted.HolderPartyId);
        Assert.Null(AccountRules.CheckBusinessTime(null, submitted.OccurredAt, now, Policy));
        Assert.Null(events[0].CausationId);
        var account = Account.Create(submitted);

        for (var i = 1; i < events.Count;)
        {
            var e = events[i].Data;
            Assert.True(AccountRules.CheckBusinessTime(account, e.OccurredAt, now, Policy) is null,
                $"account {city.Index}: {e.GetType().Name} at {e.OccurredAt:O} is out of time (latest {account.LastOccurredAt:O}, end {now:O})");
            var decision = Decide(account, city, i);
            Assert.True(decision is Decision.Accept, $"account {city.Index}: {e} was refused: {decision}");
            var accepted = ((Decision.Accept)decision).Events;
            for (var k = 0; k < accepted.Count; k++)
            {
                Assert.Equal(accepted[k], events[i + k].Data);
                var cause = Causation.CausedBy(accepted, k);
                Assert.Equal(cause is { } c ? events[i + c].Id : null, events[i + k].CausationId);
                Assert.Matches(@"^S-\d{4}$", events[i + k].RecordedBy);
                account = AccountFold.Fold(account, events[i + k].Data);
            }
            i += accepted.Count;
        }

        Assert.Equal(account.Status == AccountStatus.Closed, events[^1].Data is AccountClosed);
        Assert.Equal(city.Parties[^1].Id, account.HolderPartyId);
        Assert.Equal(city.Parties.Count, 1 + events.Count(e => e.Data is HolderTransferred));
        Assert.True(account.LastOccurredAt <= now);
    }

    /// <summary>
    /// The card form a mandate was made from: the party record keeps the holder's card in force, so a card changed since
    /// (a direct debit moved to another card, or ended) is stood in for by a form of the same bank.
    /// </summary>
    private static BankForm? BankFormOf(BankMandate? mandate, CityAccount city) =>
        mandate is null ? null
        : city.Parties.Select(p => p.Bank).FirstOrDefault(card => card?.Token == mandate.CardToken) is { } card
            ? new BankForm { CardNumber = card.CardNumber, BankName = card.BankName, CardHolder = card.CardHolder }
            : new BankForm { CardNumber = "6217000011112222333", BankName = mandate.BankName, CardHolder = "户主" };

    /// <summary>The account's time limits as they stood before event <paramref name="i"/> (the clock decisions decide on them).</summary>
    private static AccountTimeLimits TimeLimitsBefore(CityAccount city, int i)
    {
        var limits = new AccountTimeLimits { Id = city.AccountId };
        for (var k = 0; k < i; k++)
            limits = AccountTimeLimits.Follow(limits, city.AccountId, city.Events[k].Data, k + 1,
                GasLedger.Domain.Calendar.WorkingCalendar.Official, Policy);
        return limits;
    }

    /// <summary>The decision an event came from, with the command rebuilt from the event (and the party record, for a transfer's bank).</summary>
    private static Decision Decide(Account account, CityAccount city, int i)
    {
        var events = city.Events;
        HazardFound[] HazardsAfter(Func<HazardFound, bool> of) =>
            events.Skip(i + 1).Select(e => e.Data).TakeWhile(e => e is HazardFound).Cast<HazardFound>().Where(of).ToArray();

        return events[i].Data switch
        {
            ApplicationFeePaid x => ApplicationDecisions.PayFee(account, x, Policy),
            InstallationScheduled x => InstallationDecisions.Schedule(account, x, Policy),
            InstallationCompleted x => InstallationDecisions.Complete(account, x),
            IgnitionRequested x => IgnitionDecisions.Request(account, x, Policy),
            IgnitionCompleted x => IgnitionDecisions.Complete(account, x),
            IgnitionRefused x => IgnitionDecisions.Refuse(account, x),
            InspectionRequested x => InspectionDecisions.Request(account, x),
            InspectionVisited x => InspectionDecisions.Visit(account, x, HazardsAfter(h => h.InspectionId == x.InspectionId), Policy),
            HazardRectified x => InspectionDecisions.Rectify(account, x),
            HolderTransferred x => TransferDecisions.Transfer(account, x, BankFormOf(x.Bank, city)),
            ComplaintFiled x => ComplaintDecisions.File(account, x, touchesSafety: i + 1 < events.Count && events[i + 1].Data is ComplaintEscalated),
            ComplaintReplied x => ComplaintDecisions.Reply(account, x),
            ComplaintResolved x => ComplaintDecisions.Resolve(account, x),
            ComplaintFollowedUp x => ComplaintDecisions.FollowUp(account, x),
            ComplaintAcknowledged x => ComplaintHandlingDecisions.Acknowledge(account, x),
            GasLedger.Domain.Visits.VisitRequested x => GasLedger.Domain.Visits.VisitDecisions.Request(account, x, Policy),
            GasLedger.Domain.Visits.VisitDone x => GasLedger.Domain.Visits.VisitDecisions.Complete(account, x,
                GasLedger.Domain.Calendar.WorkingCalendar.Official, Policy),
            ComplaintVerified x => ComplaintHandlingDecisions.Verify(account, x),
            ComplaintResultNoticeSent x => ComplaintHandlingDecisions.SendResultNotice(account, x),
            ConductRewardPaid x => ComplaintHandlingDecisions.PayReward(account, x, Policy),
            RepairReported x => RepairDecisions.Report(account, x),
            RepairDispatched x => RepairDecisions.Dispatch(account, x),
            TechnicianArrived x => RepairDecisions.Arrive(account, x),
            RepairCompleted x => RepairDecisions.Complete(account, x, HazardsAfter(h => h.RepairId == x.RepairId), Policy),
            CallbackMade x => CallbackDecisions.Callback(account, x),
            RatingGiven x => CallbackDecisions.Rate(account, x),
            UsageRecorded x => SupplyDecisions.RecordUsage(account, x, ServicePolicy.Default),
            SupplySuspended { HazardId: null } x => SupplyDecisions.Suspend(account, x),
            SupplyResumed x => SupplyDecisions.Resume(account, x),
            AccountClosed x => SupplyDecisions.Close(account, x),
            ApplicationDeclined x => ApplicationDecisions.Decline(account, x),
            SafetyMaterialHanded x => ApplicationDecisions.HandSafetyMaterial(account, x, Policy),
            ContactChanged x => CounterDecisions.ChangeContact(account, x),
            PaymentMethodChanged x => CounterDecisions.ChangePaymentMethod(account, x, BankFormOf(x.Bank, city)),
            MeterReplaced x => CounterDecisions.ReplaceMeter(account, x with { OldSerial = null, PaymentMethod = default }),
            IcCardReissued x => CounterDecisions.ReissueCard(account, x),
            BillPaid x => CounterDecisions.PayBill(account, x),
            BillQueried x => CounterDecisions.QueryBill(account, x),
            KeyCustomerDesignated x => KeyCustomerDecisions.Designate(account, x),
            KeyCustomerUndesignated x => KeyCustomerDecisions.Undesignate(account, x),
            ClockPaused x => ClockDecisions.Pause(TimeLimitsBefore(city, i), x),
            ClockResumed x => ClockDecisions.Resume(TimeLimitsBefore(city, i), x),
            SupplyInterrupted x => Decision.Accepting(AreaInterruptionDecisions.Interrupt(account, x).ToArray()),
            SupplyRestored x => Decision.Accepting(AreaInterruptionDecisions.Restore(account, x).ToArray()),
            var other => throw new Xunit.Sdk.XunitException($"account {city.Index}: {other.GetType().Name} at {i} follows from no command of its own"),
        };
    }
}
