using System.Globalization;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Counter;
using GasLedger.Domain.Supply;
using GasLedger.Domain.TimeLimits;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>
/// One account's history: the account file kept current at the counter (R-ACC-7, R-APP-5), bills, the yearly safety
/// material (R-APP-8), key designation (R-CLS-6), mystery-customer visits and surveys (R-SAT-5), and a paused clock
/// (R-TL-2).
/// </summary>
internal sealed partial class AccountLifetime
{
    /// <summary>The account keeping of an account with gas on, at the yearly rates of <see cref="CityMix"/>.</summary>
    private void StartKeeping(DateTimeOffset gasOn)
    {
        Recurring(gasOn, CityMix.ContactChangesPerYear, Office, ChangeContact);
        Recurring(gasOn, CityMix.PaymentMethodChangesPerYear, Office, ChangePaymentMethod);
        Recurring(gasOn, CityMix.MeterReplacementsPerYear, Office, ReplaceMeter);
        Recurring(gasOn, CityMix.CardReissuesPerYear, Office, ReissueCard);
        Recurring(gasOn, CityMix.BillQueriesPerYear, Office, QueryBill);
        Recurring(gasOn, CityMix.MysteryVisitsPerYear, Office, MysteryVisit);
        Recurring(gasOn, CityMix.SurveysPerYear, CallCentre, Survey);
        SafetyMaterialRound(Day(gasOn).Year + 1);
        foreach (var n in _interruptions[(_account.Address.District, _account.Address.Community)].Where(n => n.From > gasOn))
        {
            // R-SUP-4: as the durable messages deliver it: each account of the area with gas on when the window starts.
            Later(n.From, t =>
            {
                var interrupted = AreaInterruptionDecisions.Interrupt(_account,
                    new SupplyInterrupted(n.Id, n.Kind, n.From, n.Until, n.Channels, n.NoticeGivenAt, t));
                if (interrupted.Count > 0) Record("interrupt supply", Decision.Accepting(interrupted.ToArray()), t, n.RecordedBy);
            });
            Later(n.RestoredAt, t =>
            {
                var restored = AreaInterruptionDecisions.Restore(_account, new SupplyRestored(n.Id, n.RestoreReason, t));
                if (restored.Count > 0) Record("restore supply", Decision.Accepting(restored.ToArray()), t, n.RecordedBy);
            });
        }
        if (_account.Category == CustomerCategory.PublicService && _rng.Chance(CityMix.KeyDesignatedPublicServiceShare))
            Later(Office(Day(gasOn).AddDays(_rng.Between(30, 400))), DesignateKey);
    }

    /// <summary>A counter window of the account's district, as the counter ledger names it.</summary>
    private string CounterWindow() => string.Create(CultureInfo.InvariantCulture, $"{_district}营业厅-{_rng.Between(1, 4)}");

    /// <summary>Minutes at the counter: against the transaction's commitment, or about ten where it has none.</summary>
    private int CounterMinutes(CounterTransaction transaction) => Minutes(_policy.CounterCommitmentMinutes(transaction) ?? 10);

    /// <summary>联系方式变更 (R-ACC-7): a new phone, sometimes the SMS number with it; the numbers go to the party record.</summary>
    private void ChangeContact(DateTimeOffset at)
    {
        if (_account.Status is not (AccountStatus.Active or AccountStatus.Suspended)) return;
        var index = _parties.FindLastIndex(p => p.Id == _account.HolderPartyId);
        var holder = _parties[index];
        var phone = Residents.Mobile(_rng);
        var sms = holder.SmsNumber is not null && _rng.Chance(0.7) ? phone : null;
        var changed = new List<string> { "phone" };
        string? provider = null;
        if (sms is not null)
        {
            changed.Add("smsNumber");
            provider = _rng.Pick(Residents.SmsProviders);
        }
        var clerk = Staff(Desk.Counter);
        Record("change the contact", CounterDecisions.ChangeContact(_account, new ContactChanged(holder.Id, changed, provider,
            CounterMinutes(CounterTransaction.ContactChange), CounterWindow(), at)), at, clerk);
        _parties[index] = holder with { Phone = phone, SmsNumber = sms ?? holder.SmsNumber };
    }

    /// <summary>缴费方式变更 (R-ACC-7, R-APP-2): a read-meter holder moves to or from a direct debit, with the card in the party record.</summary>
    private void ChangePaymentMethod(DateTimeOffset at)
    {
        if (_account.Status is not (AccountStatus.Active or AccountStatus.Suspended) || _account.MeterType != MeterType.ReadMeter) return;
        var method = _rng.Pick(CityMix.ReadMeterPayments.Where(p => p.Item != _account.PaymentMethod).ToArray());
        var index = _parties.FindLastIndex(p => p.Id == _account.HolderPartyId);
        var bank = method == PaymentMethod.BankDirectDebit ? NewBank(_parties[index].Name ?? "户主") : null;
        var card = Card(bank);
        var changed = new PaymentMethodChanged(method, card?.ToMandate(), null, CounterWindow(), at);
        changed = changed with { HandlingMinutes = CounterMinutes(CounterDecisions.KindOf(changed)) };
        Record("change the payment method", CounterDecisions.ChangePaymentMethod(_account, changed, bank), at, Staff(Desk.Counter));
        _parties[index] = _parties[index] with { Bank = card };
    }

    /// <summary>换表 (R-ACC-7): the meter changed at the end of its verification period or on a fault, sometimes for the other type.</summary>
    private void ReplaceMeter(DateTimeOffset at)
    {
        if (_account.Status is not (AccountStatus.Active or AccountStatus.Suspended)) return;
        var type = _rng.Chance(CityMix.MeterTypeChangeShare)
            ? _account.MeterType == MeterType.IcCard ? MeterType.ReadMeter : MeterType.IcCard
            : _account.MeterType;
        var prefix = type == MeterType.IcCard ? "IC" : "M";
        var serial = string.Create(CultureInfo.InvariantCulture, $"{prefix}{Day(at):yyMM}{_rng.Next(10_000_000):D7}");
        var reading = Math.Round((decimal)(_volumeScale * 12 * (at - _account.GasOnAt!.Value).TotalDays / 365.25), 1);
        var technician = Staff(Desk.Installer);
        Record("replace the meter", CounterDecisions.ReplaceMeter(_account, new MeterReplaced(null, serial, reading, 0m, type,
            default, technician, _rng.Chance(0.5) ? CounterMinutes(CounterTransaction.MeterReplacement) : null, null, at)), at, technician);
    }

    /// <summary>补卡 (R-ACC-7): a lost or broken IC card issued again, with its fee.</summary>
    private void ReissueCard(DateTimeOffset at)
    {
        if (_account.Status is not (AccountStatus.Active or AccountStatus.Suspended) || _account.MeterType != MeterType.IcCard) return;
        var reason = _rng.Pick([(CardReissueReason.Lost, 60.0), (CardReissueReason.Damaged, 35.0), (CardReissueReason.Other, 5.0)]);
        Record("reissue the IC card", CounterDecisions.ReissueCard(_account, new IcCardReissued(reason,
            reason == CardReissueReason.Damaged ? 0m : 20m, CounterMinutes(CounterTransaction.IcCardReissue), CounterWindow(), at)),
            at, Staff(Desk.Counter));
    }

    /// <summary>账单查询 (R-APP-5): a holder asks about last month's bill.</summary>
    private void QueryBill(DateTimeOffset at)
    {
        if (_account.Status == AccountStatus.Closed) return;
        Record("query a bill", CounterDecisions.QueryBill(_account, new BillQueried(BillMonth(at),
            CounterMinutes(CounterTransaction.BillQuery), CounterWindow(), at)), at, Staff(Desk.Counter));
    }

    /// <summary>
    /// 缴费 (R-APP-5): a counter payer pays the reading's bill at the counter within a few weeks of it; a few let two
    /// months run together.
    /// </summary>
    private void PayBillLater(DateTimeOffset readAt, decimal volume)
    {
        if (_account.PaymentMethod != PaymentMethod.Counter || volume <= 0) return;
        _unpaidBill += volume * CityMix.Price(_account.Category);
        if (!_rng.Chance(CityMix.BillPaidMonthlyShare)) return;
        Later(At(Day(readAt).AddDays(_rng.Between(1, 20)), 9 * 60, 17 * 60), t =>
        {
            if (_unpaidBill <= 0 || _account.MeterType != MeterType.ReadMeter) return;
            var amount = Math.Round(_unpaidBill, 2);
            _unpaidBill = 0;
            Record("pay a bill", CounterDecisions.PayBill(_account, new BillPaid(amount, BillMonth(readAt),
                CounterMinutes(CounterTransaction.BillPayment), CounterWindow(), t)), t, Staff(Desk.Counter));
        });
    }

    private string BillMonth(DateTimeOffset at) => Day(at).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// R-APP-8: the yearly round of safety material, in spring or autumn, to an account with gas on; most are reached,
    /// the others stay on the year's list of those without it.
    /// </summary>
    private void SafetyMaterialRound(int year)
    {
        var day = new DateOnly(year, _rng.Chance(0.5) ? 3 : 9, 1).AddDays(_rng.Next(90));
        Later(Office(day), t =>
        {
            if (_account.Status is AccountStatus.Active or AccountStatus.Suspended && _rng.Chance(CityMix.SafetyMaterialReachedShare))
            {
                var inspector = Staff(Desk.Inspector);
                Record("hand the safety material", ApplicationDecisions.HandSafetyMaterial(_account,
                    new SafetyMaterialHanded(Day(t).Year, inspector, "安全用气手册", t), _policy), t, inspector);
            }
            SafetyMaterialRound(year + 1);
        });
    }

    /// <summary>R-CLS-6: a customer manager designates a public-service account key (a hospital, a school); rarely undone.</summary>
    private void DesignateKey(DateTimeOffset at)
    {
        if (_account.Status is not (AccountStatus.Active or AccountStatus.Suspended)) return;
        var manager = Staff(Desk.CustomerManager);
        Record("designate the account key", KeyCustomerDecisions.Designate(_account,
            new KeyCustomerDesignated(manager, _rng.Pick(["医院,供气保障重点", "学校食堂", "养老机构", "政府机关食堂"]), at)), at, manager);
        _mayBeKey = true;
        OweKeyCustomerCallback(at);
        if (_rng.Chance(CityMix.KeyDesignationUndoneShare))
            Later(Office(Day(at).AddDays(_rng.Between(180, 900))), t =>
            {
                if (_account.Status == AccountStatus.Closed) return;
                Record("undo the key designation", KeyCustomerDecisions.Undesignate(_account,
                    new KeyCustomerUndesignated("已迁址", t)), t, manager);
            });
    }

    /// <summary>R-SAT-5: a mystery customer's visit about a counter transaction, scored for the counter clerk.</summary>
    private void MysteryVisit(DateTimeOffset at)
    {
        if (_account.Status == AccountStatus.Closed) return;
        var rating = new RatingGiven(_rng.Version7(at), RatingSource.MysteryCustomer, Staff(Desk.Counter), ServiceStage.Counter,
            null, null, null, null, _rng.Pick(CityMix.Satisfaction), at);
        Record("record a mystery-customer visit", CallbackDecisions.Rate(_account, rating), at, Staff(Desk.CallbackCentre));
    }

    /// <summary>R-SAT-5: the periodic survey's answer of a sampled holder, about the service overall.</summary>
    private void Survey(DateTimeOffset at)
    {
        if (_account.Status == AccountStatus.Closed) return;
        var staff = Staff(Desk.CallbackCentre);
        var rating = new RatingGiven(_rng.Version7(at), RatingSource.Survey, staff, ServiceStage.Counter,
            null, null, null, null, _rng.Pick(CityMix.Satisfaction), at);
        Record("record a survey answer", CallbackDecisions.Rate(_account, rating), at, staff);
    }

    /// <summary>
    /// R-TL-2: the holder asks for a later date: the open gas-on request's clock stands from now until the day asked
    /// for, when it is resumed.
    /// </summary>
    private void PauseIgnition(DateTimeOffset at, DateTimeOffset resumeAt)
    {
        var limits = TimeLimits();
        if (limits.OpenIgnition is not { } item) return;
        var clerk = Staff(Desk.Counter);
        Record("pause the gas-on clock", ClockDecisions.Pause(limits,
            new ClockPaused(item, PauseReason.HolderAskedLater, "用户另约时间", at)), at, clerk);
        Later(resumeAt, t =>
        {
            var now = TimeLimits();
            if (now.Items.GetValueOrDefault(item) is { PausedSince: not null, DoneAt: null })
                Record("resume the gas-on clock", ClockDecisions.Resume(now, new ClockResumed(item, t)), t, clerk);
        });
    }

    /// <summary>The account's time limits as its events so far make them (the clock decisions decide on them; rare).</summary>
    private AccountTimeLimits TimeLimits()
    {
        var limits = new AccountTimeLimits { Id = _account.Id };
        for (var i = 0; i < _events.Count; i++)
            limits = AccountTimeLimits.Follow(limits, _account.Id, _events[i].Data, i + 1, Calendar, _policy);
        return limits;
    }
}
