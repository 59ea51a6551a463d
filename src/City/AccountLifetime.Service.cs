using System.Globalization;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Parties;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>
/// One account's history: the recurring work of an account with gas on: usage, arrears, transfers and closure (R-SUP,
/// R-TRF).
/// </summary>
internal sealed partial class AccountLifetime
{
    private void StartService(DateTimeOffset gasOn)
    {
        var logNormal = Math.Exp(0.45 * Gaussian());
        _volumeScale = CityMix.MeanMonthlyVolume(_account.Category) * logNormal / 1.107; // E[exp(0.45 N)] = 1.107
        var readingDay = _rng.Between(1, 28);
        var first = new DateOnly(Day(gasOn).Year, Day(gasOn).Month, readingDay).AddMonths(1);
        Later(At(first, 8 * 60 + 30, 17 * 60 + 30), t => MonthlyUsage(t, readingDay));
        // Inspectors work estate by estate on a yearly rota: a new account's first visit comes when its estate's turn does.
        var interval = _policy.InspectionIntervalMonths(_account.Category);
        Later(Office(Day(gasOn).AddDays(_rng.Between(20, interval * 30))), t => Inspect(t, Visit.Periodic));
        if (_account.Category == CustomerCategory.PublicService) BeforeNextHoliday(Day(gasOn));
        Recurring(gasOn, CityMix.ComplaintsPerYear, day => At(day, 7 * 60, 22 * 60), FileComplaint);
        Recurring(gasOn, CityMix.RepairsPerYear, day => At(day, 6 * 60, 23 * 60), ReportRepair);
        Recurring(gasOn, CityMix.TransfersPerYear, Office, Transfer);
        Recurring(gasOn, CityMix.InspectionRequestsPerYear, Office, RequestInspection);
        Recurring(gasOn, CityMix.HoseReplacementsPerYear, Office, RequestHoseReplacement);
        if (_account.MeterType == MeterType.ReadMeter) Recurring(gasOn, CityMix.ArrearsPerYear, Office, SuspendForArrears);
        Later(Arrival(gasOn, CityMix.ClosuresPerYear), t => Later(Office(Day(t)), Close));
        // Only a customer that may be key (R-CLS-4: non-residential, or a home using tier-A volumes) is classified at its readings.
        _mayBeKey = !_residential || _volumeScale * 12 >= 0.75 * (double)_policy.ResidentialTiers.A;
        StartKeeping(gasOn);
    }

    /// <summary>
    /// Poisson arrivals of some work at <paramref name="perYear"/> a year: each arrival's day is shaped to the hours of
    /// the desk that takes it (<paramref name="when"/>) and the next arrival is drawn.
    /// </summary>
    private void Recurring(DateTimeOffset from, double perYear, Func<DateOnly, DateTimeOffset> when, Action<DateTimeOffset> work) =>
        Later(Arrival(from, perYear), t =>
        {
            Later(when(Day(t)), work);
            Recurring(t, perYear, when, work);
        });

    /// <summary>
    /// R-SUP-3: the month's reading (抄表) of a read meter, or an IC-card purchase (购气) of what was used since the last
    /// one, in about two months of three. Seasonal: heating makes winter twice the mean. Nothing is used while supply is
    /// suspended.
    /// </summary>
    private void MonthlyUsage(DateTimeOffset at, int readingDay)
    {
        var day = Day(at);
        var used = _account.Status == AccountStatus.Suspended ? 0m
            : Math.Round((decimal)(_volumeScale * CityMix.Season[day.Month - 1] * (0.8 + 0.4 * _rng.NextDouble())), 0);
        if (_account.MeterType == MeterType.ReadMeter)
        {
            var usage = new UsageRecorded(_rng.Version7(at), UsageKind.MeterReading, used, day, null, at);
            Record("record a reading", SupplyDecisions.RecordUsage(_account, usage, _policy), at, Staff(Desk.MeterReader));
            OweKeyCustomerCallback(at);
            PayBillLater(at, used);
        }
        else
        {
            _unpaidVolume += used;
            if (_unpaidVolume > 0 && _account.Status == AccountStatus.Active && _rng.Chance(0.65))
            {
                var volume = Math.Ceiling(_unpaidVolume / 10m) * 10m;
                _unpaidVolume = 0;
                Later(At(day, 9 * 60, 20 * 60), t =>
                {
                    if (_account.MeterType != MeterType.IcCard) return; // the meter was changed for a read meter meanwhile
                    // R-APP-5: a top-up at the counter, with its minutes against the 3-minute commitment.
                    var usage = new UsageRecorded(_rng.Version7(t), UsageKind.IcPurchase, volume, day,
                        volume * CityMix.Price(_account.Category), t, Minutes(_policy.CounterPaymentMinutes),
                        $"{_district}营业厅-{_rng.Between(1, 4)}");
                    Record("record an IC-card purchase", SupplyDecisions.RecordUsage(_account, usage, _policy), t, Staff(Desk.Counter));
                    OweKeyCustomerCallback(t);
                });
            }
        }
        var next = day.AddMonths(1);
        next = new DateOnly(next.Year, next.Month, Math.Min(readingDay, DateTime.DaysInMonth(next.Year, next.Month)));
        Later(At(next, 8 * 60 + 30, 17 * 60 + 30), t => MonthlyUsage(t, readingDay));
    }

    private void Resume(DateTimeOffset at)
    {
        if (_account.Status != AccountStatus.Suspended) return;
        if (_account.OpenHazards.Any(h => h.Severity == HazardSeverity.Severe))
        {
            Later(at.AddDays(7), Resume);
            return;
        }
        Record("resume supply", SupplyDecisions.Resume(_account, new SupplyResumed(at)), at, Staff(Desk.Counter));
    }

    /// <summary>
    /// 过户 (R-TRF-1): a new holder with identity and proof of ownership, checked as <c>POST …/transfer</c> checks it.
    /// </summary>
    private void Transfer(DateTimeOffset at)
    {
        var holder = NewHolder(requireIdentity: true);
        var payment = _account.MeterType == MeterType.IcCard ? PaymentMethod.TopUp : _rng.Pick(CityMix.ReadMeterPayments);
        var bank = payment == PaymentMethod.BankDirectDebit ? NewBank(holder.Name!) : null;
        var minutes = Minutes(_policy.CounterTransferMinutes);
        var proof = string.Create(CultureInfo.InvariantCulture, $"不动产权第{_rng.Next(10_000_000):D7}号");
        var errors = new FieldErrors().Require(proof, "propertyProof")
            .When(minutes is < 1 or > 600, "handlingMinutes", "must be from 1 to 600 minutes.");
        ApplicationRules.CheckHolder(holder, "newHolder", errors, requireIdentity: true);
        if (errors.AsDecision() is { } invalid) throw Refused("transfer the account", invalid);

        var card = Card(bank);
        var party = Party(_account.Id, holder, card, null, proof, at);
        var clerk = Staff(Desk.Counter);
        var transferred = new HolderTransferred(_account.HolderPartyId, party.Id, party.Kind, holder.SpecialCare, payment,
            card?.ToMandate(), at, minutes);
        Record("transfer the account", TransferDecisions.Transfer(_account, transferred, bank), at, clerk);
        if (_rng.Chance(0.5)) Later(at.AddMinutes(minutes), t => KeypadRating(t, clerk));
    }

    /// <summary>R-SUP-2: a read-meter account in arrears is suspended; most pay within weeks and are resumed, the rest closed.</summary>
    private void SuspendForArrears(DateTimeOffset at)
    {
        if (_account.Status != AccountStatus.Active) return;
        Record("suspend supply",
            SupplyDecisions.Suspend(_account, new SupplySuspended(SuspensionReason.Arrears, at.AddDays(-_rng.Between(3, 10)), null, at)),
            at, Staff(Desk.Counter));
        if (_rng.Chance(0.85))
            Later(Office(Day(at).AddDays(_rng.Between(3, 40))), t =>
            {
                if (_account.Suspension is { Reason: SuspensionReason.Arrears }) Resume(t);
            });
        else
            Later(Office(Day(at).AddDays(_rng.Between(60, 120))), t =>
            {
                if (_account.Suspension is { Reason: SuspensionReason.Arrears })
                    Record("close the account", SupplyDecisions.Close(_account, new AccountClosed(ClosureReason.Arrears, t)),
                        t, Staff(Desk.Counter));
            });
    }

    /// <summary>销户 (R-SUP-2, R-ACC-6): the holder moves out or the building is demolished; closed is final.</summary>
    private void Close(DateTimeOffset at)
    {
        var reason = _rng.Pick([(ClosureReason.HolderRequest, 70.0), (ClosureReason.Demolition, 25.0), (ClosureReason.Other, 5.0)]);
        Record("close the account", SupplyDecisions.Close(_account, new AccountClosed(reason, at)), at, Staff(Desk.Counter));
    }

    /// <summary>
    /// R-TL-1: the holder asks for the hose to be replaced; a technician comes within the 3 working days (a few late),
    /// in office hours, and sells the hose.
    /// </summary>
    private void RequestHoseReplacement(DateTimeOffset at)
    {
        if (_account.Status is not (AccountStatus.Active or AccountStatus.Suspended)
            || _account.Visits.Values.Any(v => v.Kind == Domain.Visits.VisitKind.HoseReplacement && v.DoneAt is null)) return;
        var clerk = Staff(Desk.Counter);
        var requested = new Domain.Visits.VisitRequested(_rng.Version7(at), Domain.Visits.VisitKind.HoseReplacement, null, null, clerk, at);
        Record("ask for a hose replacement", Domain.Visits.VisitDecisions.Request(_account, requested, _policy), at, clerk);
        var days = Late() ? _policy.IgnitionWorkingDays + _rng.Between(1, 3) : _rng.Between(1, _policy.IgnitionWorkingDays);
        Later(Office(Calendar.AddWorkingDays(Day(at), days)), t =>
        {
            if (_account.Visits[requested.VisitId].DoneAt is not null) return;
            var technician = Staff(Desk.Installer);
            var hose = new HoseSale(_rng.Pick([(1.0m, 30.0), (1.5m, 50.0), (2.0m, 20.0)]), 45m, !_rng.Chance(0.03));
            Record("replace a hose", Domain.Visits.VisitDecisions.Complete(_account,
                new Domain.Visits.VisitDone(requested.VisitId, default, technician, hose, t), Calendar, _policy), t, technician);
        });
    }
}
