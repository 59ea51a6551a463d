using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Counter;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Tests;

/// <summary>The counter's account keeping (R-ACC-7, R-APP-5) and area interruptions (R-SUP-1, R-SUP-4) as pure decisions.</summary>
public class CounterAndAreaTests
{
    private static readonly ServicePolicy Policy = Given.Policy;

    [Fact]
    public void R_APP_5_each_counter_transaction_has_the_commitment_of_the_regulation_and_account_keeping_has_none()
    {
        Assert.Equal(3, Policy.CounterCommitmentMinutes(CounterTransaction.BillPayment));
        Assert.Equal(3, Policy.CounterCommitmentMinutes(CounterTransaction.CardTopUp));
        Assert.Equal(5, Policy.CounterCommitmentMinutes(CounterTransaction.DirectDebitSetUp));
        Assert.Equal(5, Policy.CounterCommitmentMinutes(CounterTransaction.BillQuery));
        Assert.Equal(10, Policy.CounterCommitmentMinutes(CounterTransaction.OpenAccount));
        Assert.Equal(15, Policy.CounterCommitmentMinutes(CounterTransaction.OpenIcCardAccount));
        Assert.Equal(10, Policy.CounterCommitmentMinutes(CounterTransaction.Transfer));
        Assert.Null(Policy.CounterCommitmentMinutes(CounterTransaction.MeterReplacement));
        Assert.Equal(CounterTransaction.DirectDebitSetUp, CounterDecisions.KindOf(
            new PaymentMethodChanged(PaymentMethod.BankDirectDebit, null, 5, null, Given.Later)));
        Assert.Equal(CounterTransaction.PaymentMethodChange, CounterDecisions.KindOf(
            new PaymentMethodChanged(PaymentMethod.Counter, null, 5, null, Given.Later)));
    }

    [Fact]
    public void R_ACC_7_the_payment_method_fits_the_meter_and_a_direct_debit_comes_with_its_card()
    {
        var active = Given.Active();
        var debit = new PaymentMethodChanged(PaymentMethod.BankDirectDebit, new BankMandate("card_x", "3333", "建设银行"), null, null, Given.Later);
        Expect.Invalid(CounterDecisions.ChangePaymentMethod(active, debit, null), "bank");
        var card = new BankForm { CardNumber = "6217000011112222333", BankName = "建设银行", CardHolder = "张三" };
        var changed = active.Fold(Expect.Accepted(CounterDecisions.ChangePaymentMethod(active, debit, card)).ToArray());
        Assert.Equal((PaymentMethod.BankDirectDebit, "3333"), (changed.PaymentMethod, changed.Bank!.CardLast4));
        Expect.Invalid(CounterDecisions.ChangePaymentMethod(active,
            new PaymentMethodChanged(PaymentMethod.TopUp, null, null, null, Given.Later), null), "paymentMethod");
        Expect.Conflict(CounterDecisions.ChangePaymentMethod(Given.Closed(),
            new PaymentMethodChanged(PaymentMethod.Counter, null, null, null, Given.Later), null));
    }

    [Fact]
    public void R_ACC_7_a_meter_replaced_keeps_the_old_serial_and_a_new_type_brings_the_payment_method_that_fits()
    {
        var active = Given.Active();
        var same = new MeterReplaced(null, "M2", 100m, 0m, MeterType.ReadMeter, PaymentMethod.Counter, "S-2001", null, null, Given.Later);
        var replaced = (MeterReplaced)Expect.Accepted(CounterDecisions.ReplaceMeter(active, same)).Single();
        Assert.Equal(("M2026090001", active.PaymentMethod), (replaced.OldSerial, replaced.PaymentMethod));
        var after = active.Fold(replaced);
        Assert.Equal("M2", after.MeterSerial);
        Expect.Invalid(CounterDecisions.ReplaceMeter(after, same with { OccurredAt = Given.Later.AddDays(1) }), "newSerial");

        var toCard = (MeterReplaced)Expect.Accepted(CounterDecisions.ReplaceMeter(after, same with { NewSerial = "IC3", MeterType = MeterType.IcCard })).Single();
        Assert.Equal(PaymentMethod.TopUp, toCard.PaymentMethod);
        var ic = after.Fold(toCard);
        Assert.Equal((MeterType.IcCard, PaymentMethod.TopUp, null as BankMandate), (ic.MeterType, ic.PaymentMethod, ic.Bank));
        var back = (MeterReplaced)Expect.Accepted(CounterDecisions.ReplaceMeter(ic, same with { NewSerial = "M4" })).Single();
        Assert.Equal(PaymentMethod.Counter, back.PaymentMethod);

        Expect.Conflict(CounterDecisions.ReplaceMeter(Given.Scheduled(), same));
        Expect.Conflict(CounterDecisions.ReplaceMeter(Given.Closed(), same));
    }

    [Fact]
    public void R_ACC_7_an_IC_card_is_issued_again_only_for_an_IC_card_meter_and_R_APP_5_bills_only_for_a_read_meter_with_gas()
    {
        var reissue = new IcCardReissued(CardReissueReason.Lost, 20m, 5, "A-1", Given.Later);
        Expect.Conflict(CounterDecisions.ReissueCard(Given.Active(), reissue), "read meter");
        Expect.AcceptedAsIs(CounterDecisions.ReissueCard(Given.Active(AccountSpec.IcCard), reissue), reissue);

        var paid = new BillPaid(86.4m, "2026-11", 2, "A-1", Given.Later);
        Expect.AcceptedAsIs(CounterDecisions.PayBill(Given.Active(), paid), paid);
        Expect.AcceptedAsIs(CounterDecisions.PayBill(Given.Closed(), paid), paid); // a last bill after closure
        Expect.Conflict(CounterDecisions.PayBill(Given.Active(AccountSpec.IcCard), paid), "IC-card");
        Expect.Conflict(CounterDecisions.PayBill(Given.Installed(), paid), "no gas");
        var query = new BillQueried(null, 3, null, Given.Later);
        Expect.AcceptedAsIs(CounterDecisions.QueryBill(Given.Active(), query), query);
        Expect.Conflict(CounterDecisions.QueryBill(Given.Applied(), query), "no gas");
    }

    [Fact]
    public void R_SUP_1_a_planned_notice_comes_48_hours_ahead_with_its_window_and_an_emergency_one_at_once()
    {
        var area = new SupplyArea("西湖区", "翠苑一区", ["12"]);
        var from = Given.Later;
        NoticeChannel[] sms = [NoticeChannel.Sms];
        Assert.False(AreaInterruptionDecisions.CheckNotice(area, InterruptionKind.Planned, from, from.AddHours(6), sms, from.AddHours(-48), Policy).Any);
        Assert.Contains("noticeGivenAt", AreaInterruptionDecisions.CheckNotice(area, InterruptionKind.Planned, from, from.AddHours(6), sms,
            from.AddHours(-47), Policy).ToDictionary().Keys);
        Assert.Contains("until", AreaInterruptionDecisions.CheckNotice(area, InterruptionKind.Planned, from, null, sms, from.AddDays(-3), Policy)
            .ToDictionary().Keys);
        Assert.False(AreaInterruptionDecisions.CheckNotice(area, InterruptionKind.Emergency, from, null, sms, from, Policy).Any);
        Assert.Contains("noticeGivenAt", AreaInterruptionDecisions.CheckNotice(area, InterruptionKind.Emergency, from, null, sms,
            from.AddMinutes(5), Policy).ToDictionary().Keys);
        Assert.Contains("channels", AreaInterruptionDecisions.CheckNotice(area, InterruptionKind.Emergency, from, null, [], from, Policy)
            .ToDictionary().Keys);
        Assert.Contains("area.community", AreaInterruptionDecisions.CheckNotice(area with { Community = null }, InterruptionKind.Emergency,
            from, null, sms, from, Policy).ToDictionary().Keys);
    }

    [Fact]
    public void R_SUP_4_an_area_covers_its_district_community_or_buildings_and_each_account_is_interrupted_and_restored_once()
    {
        var address = new Address("西湖区", "翠苑一区", "12", "2", "301");
        Assert.True(new SupplyArea("西湖区", null, null).Covers(address));
        Assert.True(new SupplyArea("西湖区", "翠苑一区", ["11", "12"]).Covers(address));
        Assert.False(new SupplyArea("西湖区", "翠苑一区", ["14"]).Covers(address));
        Assert.False(new SupplyArea("西湖区", "翠苑二区", null).Covers(address));
        Assert.False(new SupplyArea("拱墅区", null, null).Covers(address));

        var id = Guid.NewGuid();
        var interrupted = new SupplyInterrupted(id, InterruptionKind.Emergency, Given.Later, null, [NoticeChannel.Sms], Given.Later, Given.Later);
        var active = Given.Active();
        var once = active.Fold(Assert.Single(AreaInterruptionDecisions.Interrupt(active, interrupted)));
        Assert.Equal(AccountStatus.Active, once.Status);
        Assert.Empty(AreaInterruptionDecisions.Interrupt(once, interrupted)); // delivered again: nothing
        Assert.Single(AreaInterruptionDecisions.Interrupt(Given.Suspended(), interrupted));
        Assert.Empty(AreaInterruptionDecisions.Interrupt(Given.Installed(), interrupted)); // no gas on
        Assert.Empty(AreaInterruptionDecisions.Interrupt(Given.Closed(), interrupted));

        var restored = new SupplyRestored(id, ResumptionReason.FaultRepaired, Given.Later.AddHours(3));
        Assert.Empty(AreaInterruptionDecisions.Restore(active, restored)); // never reached
        var back = once.Fold(Assert.Single(AreaInterruptionDecisions.Restore(once, restored)));
        Assert.Empty(AreaInterruptionDecisions.Restore(back, restored)); // delivered again: nothing
        Assert.Empty(AreaInterruptionDecisions.Interrupt(back, interrupted)); // an old interruption delivered late: nothing

        // An account keeps its latest restored interruptions, and every open one.
        var many = back;
        for (var i = 0; i < Account.RestoredInterruptionsKept + 3; i++)
        {
            var next = Guid.NewGuid();
            var at = Given.Later.AddDays(i + 1);
            many = many.Fold(interrupted with { InterruptionId = next, OccurredAt = at }, restored with { InterruptionId = next, OccurredAt = at.AddHours(1) });
        }
        Assert.Equal(Account.RestoredInterruptionsKept, many.Interruptions.Count);
    }
}

/// <summary>R-SUP-5 and R-APP-6 as pure functions.</summary>
public class GasTermsAndDeclineTests
{
    private static GasTerms Terms(int year, int month, int day) => new() { EffectiveFrom = new DateOnly(year, month, day), GasType = "天然气" };

    [Fact]
    public void R_SUP_5_the_terms_in_force_on_a_date_are_the_latest_from_on_or_before_it_and_a_span_shows_each_change()
    {
        GasTerms[] all = [Terms(2026, 1, 1), Terms(2026, 7, 1), Terms(2027, 1, 1)];
        Assert.Null(GasTerms.InForce(all, new DateOnly(2025, 12, 31)));
        Assert.Equal(new DateOnly(2026, 1, 1), GasTerms.InForce(all, new DateOnly(2026, 6, 30))!.EffectiveFrom);
        Assert.Equal(new DateOnly(2026, 7, 1), GasTerms.InForce(all, new DateOnly(2026, 7, 1))!.EffectiveFrom);
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 1)],
            GasTerms.Over(all, new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31)).Select(t => t.EffectiveFrom));
        Assert.Equal([new DateOnly(2026, 1, 1)], GasTerms.Over(all, new DateOnly(2025, 6, 1), new DateOnly(2026, 3, 1)).Select(t => t.EffectiveFrom));
        Assert.Empty(GasTerms.Over(all, new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1)));

        Assert.False(GasTerms.Check("天然气", "甲烷 ≥ 96%", 36m, 2m, [new GasPrice(CustomerCategory.Residential, 2.96m)]).Any);
        var errors = GasTerms.Check(null, "甲烷", 0.5m, 2m, [new GasPrice(CustomerCategory.Residential, 2m), new GasPrice(CustomerCategory.Residential, 3m)])
            .ToDictionary();
        Assert.Equal(["calorificValueMjPerM3", "gasType", "prices"], errors.Keys.Order());
        Assert.Contains("prices", GasTerms.Check("天然气", "甲烷", 36m, 2m, []).ToDictionary().Keys);
    }

    [Fact]
    public void R_APP_6_an_application_is_declined_before_installation_and_closes_as_declined_caused_by_it()
    {
        var declined = new ApplicationDeclined("无管网", Given.Later, "S-5001", Given.Later);
        var events = Expect.Accepted(ApplicationDecisions.Decline(Given.Applied(), declined));
        Assert.Equal(ClosureReason.Declined, Assert.IsType<AccountClosed>(events[1]).Reason);
        Assert.Equal(0, Causation.CausedBy(events, 1));
        var closed = Given.Applied().Fold(events.ToArray());
        Assert.Equal((AccountStatus.Closed, ClosureReason.Declined), (closed.Status, closed.ClosureReason));
        Expect.Accepted(ApplicationDecisions.Decline(Given.Scheduled(), declined));
        Expect.Conflict(ApplicationDecisions.Decline(Given.Installed(), declined));
        Expect.Conflict(ApplicationDecisions.Decline(Given.Active(), declined));
        Expect.Invalid(ApplicationDecisions.Decline(Given.Applied(), declined with { HolderToldAt = Given.Later.AddHours(1) }), "holderToldAt");
    }
}
