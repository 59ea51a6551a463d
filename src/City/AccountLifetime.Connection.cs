using System.Globalization;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Parties;
using GasLedger.Domain.Supply;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>One account's history: the application, its fee, the installation and gas-on (R-APP, R-INS, R-IGN).</summary>
internal sealed partial class AccountLifetime
{
    /// <summary>报装 (R-APP-1/2): the form as the counter enters it, checked as <c>POST /api/accounts</c> checks it.</summary>
    private void Submit()
    {
        var category = _rng.Pick(CityMix.Categories);
        _residential = category == CustomerCategory.Residential;
        BuildingType? building = _residential ? _rng.Pick(CityMix.BuildingTypes) : null;
        _district = _rng.Next(CityMap.Districts.Length);
        var address = _residential ? CityMap.Home(_rng, _district, building!.Value) : CityMap.Premises(_rng, _district);
        var holder = NewHolder();
        var meter = _rng.Chance(_residential ? CityMix.ResidentialIcCardShare : CityMix.NonResidentialIcCardShare)
            ? MeterType.IcCard : MeterType.ReadMeter;
        var payment = meter == MeterType.IcCard ? PaymentMethod.TopUp : _rng.Pick(CityMix.ReadMeterPayments);
        var bank = payment == PaymentMethod.BankDirectDebit ? NewBank(holder.Name!) : null;
        var channel = _rng.Pick(CityMix.Channels);
        var nature = _residential && _rng.Chance(CityMix.ResidentialCollectiveShare)
            ? ApplicationNature.Collective : ApplicationNature.Individual;
        var at = ApplicationTime(channel);
        var lost = nature == ApplicationNature.Collective && _rng.Chance(CityMix.LostCollectiveInvoiceShare);
        var commitment = meter == MeterType.IcCard ? _policy.CounterOpenIcCardAccountMinutes : _policy.CounterOpenAccountMinutes;
        var form = new ApplicationForm
        {
            Holder = holder,
            Address = address,
            Category = category,
            BuildingType = building,
            MeterType = meter,
            PaymentMethod = payment,
            Bank = bank,
            Channel = channel,
            Nature = nature,
            Priority = _rng.Pick(CityMix.Priorities),
            Sms = _rng.Chance(CityMix.SmsShare)
                ? new SmsForm { Number = _rng.Chance(0.8) ? holder.Phone : Residents.Mobile(_rng),
                    Provider = _rng.Pick(Residents.SmsProviders) }
                : null,
            InvoiceDate = nature == ApplicationNature.Collective && !lost ? Day(at).AddDays(-_rng.Next(60)) : null,
            InvoiceLost = lost,
            HandlingMinutes = channel == ApplicationChannel.Counter ? Minutes(commitment) : null,
            OccurredAt = at,
            PreMeteredSerial = nature == ApplicationNature.Collective && _rng.Chance(CityMix.PreMeteredCollectiveShare)
                ? string.Create(CultureInfo.InvariantCulture, $"KF{Day(at):yyMM}{_rng.Next(10_000_000):D7}") : null,
        };
        if (_rng.Chance(CityMix.AgreementsSignedShare))
            form = form with { LeafletsReceived = true, SupplyContractSigned = true, SafeUseAgreementSigned = true };
        if (AccountRules.CheckBusinessTime(null, at, _now, _policy) is { } early) throw Refused("submit the application", early);
        var errors = ApplicationRules.Check(form, _policy.LocalDate(at), _policy);
        if (errors.AsDecision() is { } invalid) throw Refused("submit the application", invalid);

        var accountId = _rng.Version7(at);
        var number = ApplicationDecisions.AccountNumber(_index + 1L, _policy);
        var card = Card(bank);
        var party = Party(accountId, form.Holder!, card, form.Sms?.Number, null, at);
        var submitted = ApplicationDecisions.Submit(form, accountId, number, party.Id, card?.ToMandate(), at, _policy);
        var clerk = Staff(Desk.Counter);
        _account = Account.Create(submitted);
        _events.Add(new CityEvent(_rng.Version7(at), submitted, clerk, null));
        _clock = at;

        if (channel == ApplicationChannel.Counter && _rng.Chance(0.5))
            Later(at.AddMinutes(form.HandlingMinutes!.Value), t => KeypadRating(t, clerk));
        if (_rng.Chance(0.01))
            Later(Office(Day(at).AddDays(_rng.Between(10, 60))), t => Record("withdraw the application",
                SupplyDecisions.Close(_account, new AccountClosed(ClosureReason.ApplicationWithdrawn, t)), t, Staff(Desk.Counter)));
        else if (form.PreMeteredSerial is null && _rng.Chance(CityMix.DeclinedShare))
            Later(Office(Calendar.AddWorkingDays(Day(at), _rng.Between(2, 5))), Decline);
        else if (form.PreMeteredSerial is not null) // R-APP-7: metered by the developer, straight to the gas-on request
            Later(Office(Day(at).AddDays(_rng.Between(1, 20))), RequestIgnition);
        else if (nature == ApplicationNature.Collective)
            Later(Office(Day(at).AddDays(_rng.Between(0, 3))), t => ScheduleInstallation(t, Day(at)));
        else
            Later(_rng.Chance(0.7) ? at.AddMinutes(_rng.Between(5, 40)) : Office(Day(at).AddDays(_rng.Between(1, 10))), PayFee);
    }

    /// <summary>R-APP-6: the survey finds no main at the address: the holder is told why and the application declined.</summary>
    private void Decline(DateTimeOffset at)
    {
        var clerk = Staff(Desk.Counter);
        Record("decline the application", ApplicationDecisions.Decline(_account,
            new ApplicationDeclined(_rng.Pick(["该地址暂无市政燃气管网", "建筑不具备安装条件", "用气设备不符合安全要求"]),
                at.AddMinutes(-_rng.Between(5, 120)), clerk, at)), at, clerk);
    }

    /// <summary>R-APP-3: the fee as the schedule says for a home; a negotiated connection fee for other premises.</summary>
    private void PayFee(DateTimeOffset at)
    {
        var amount = _account.BuildingType is { } type ? _policy.ResidentialFee(type) : 100m * _rng.Between(60, 600);
        var invoice = string.Create(CultureInfo.InvariantCulture, $"FP{Day(at):yyyyMMdd}{_rng.Next(1_000_000):D6}");
        Record("pay the application fee",
            ApplicationDecisions.PayFee(_account, new ApplicationFeePaid(amount, invoice, Day(at), at), _policy), at, Staff(Desk.Counter));
        Later(_rng.Chance(0.5) ? at.AddMinutes(_rng.Between(10, 120)) : Office(Calendar.AddWorkingDays(Day(at), 1)),
            t => ScheduleInstallation(t, Day(at)));
    }

    /// <summary>R-INS-1/2: survey and date agreed, within the working days of the kind from the day after the fee (a few late).</summary>
    private void ScheduleInstallation(DateTimeOffset at, DateOnly complete)
    {
        var kind = _rng.Pick([(InstallationKind.New, 95.0), (InstallationKind.CommonFacility, 3.0), (InstallationKind.Modification, 2.0)]);
        var limit = kind switch
        {
            InstallationKind.CommonFacility => _policy.InstallationCommonFacilityWorkingDays,
            InstallationKind.Modification => _policy.InstallationModificationWorkingDays,
            _ => _policy.InstallationNewWorkingDays,
        };
        var days = Late() ? limit + _rng.Between(1, 4) : _rng.Between(Math.Min(2, limit), limit);
        var appointment = Calendar.AddWorkingDays(complete, days);
        if (appointment < Day(at)) appointment = Day(at);
        Record("schedule the installation",
            InstallationDecisions.Schedule(_account, new InstallationScheduled(kind, appointment, at), _policy), at, Staff(Desk.Counter));
        Later(Office(appointment), CompleteInstallation);
    }

    /// <summary>R-INS-3: installed and accepted; an individual installation is called back the next month (R-CB-1).</summary>
    private void CompleteInstallation(DateTimeOffset at)
    {
        var installer = Staff(Desk.Installer);
        var pipe = Math.Round(3m + (decimal)_rng.NextDouble() * 12m, 1);
        _overLengthCharge = pipe > 10m ? Math.Round((pipe - 10m) * 60m, 0) : 0m;
        var completed = new InstallationCompleted(installer,
            string.Create(CultureInfo.InvariantCulture, $"M{Day(at):yyMM}{_rng.Next(10_000_000):D7}"),
            pipe, _overLengthCharge, _rng.Chance(0.5) ? "镀锌钢管、球阀、燃气表" : null, at);
        Record("complete the installation", InstallationDecisions.Complete(_account, completed), at, installer);
        var installationEventId = _events[^1].Id;
        if (_account.Nature == ApplicationNature.Individual && _rng.Chance(0.97))
        {
            var month = new DateOnly(Day(at).Year, Day(at).Month, 1).AddMonths(1);
            Later(CallCentre(month.AddDays(_rng.Next(20))),
                t => Callback(t, CallbackKind.AfterInstallation, installationEventId, askOverLength: true));
        }
        Later(Office(Day(at).AddDays(_rng.Between(1, 30))), RequestIgnition);
    }

    /// <summary>R-IGN-1: the holder asks for gas-on; the visit comes within three working days (a few late).</summary>
    private void RequestIgnition(DateTimeOffset at)
    {
        var requested = Day(at).AddDays(_rng.Between(0, 3));
        Record("request gas-on", IgnitionDecisions.Request(_account, new IgnitionRequested(requested, at), _policy),
            at, Staff(Desk.Counter));
        // R-TL-2: now and then the holder asks for a later date; the clock stands until then.
        var later = _rng.Chance(CityMix.IgnitionPausedShare) ? _rng.Between(3, 14) : 0;
        if (later > 0)
        {
            var resumeDay = Day(at).AddDays(later); // resumed first thing on the day asked for, before the visit
            while (!Calendar.IsWorkingDay(resumeDay)) resumeDay = resumeDay.AddDays(1);
            var resumeAt = At(resumeDay, 8 * 60, 8 * 60 + 30);
            Later(at.AddMinutes(_rng.Between(10, 120)), t => PauseIgnition(t, resumeAt));
        }
        var visit = Office(Calendar.AddWorkingDays(Day(at).AddDays(later),
            Late() ? _policy.IgnitionWorkingDays + _rng.Between(1, 3) : _rng.Between(1, _policy.IgnitionWorkingDays)));
        if (_rng.Chance(0.04)) Later(visit, RefuseIgnition);
        else Later(visit, CompleteIgnition);
    }

    /// <summary>R-IGN-2: no flame-out protection or a failed airtightness test: the visit is refused; the holder asks again.</summary>
    private void RefuseIgnition(DateTimeOffset at)
    {
        var technician = Staff(Desk.Installer);
        var reason = _rng.Pick([(IgnitionRefusalReason.NoFlameOutProtection, 60.0), (IgnitionRefusalReason.AirtightnessFailed, 25.0),
            (IgnitionRefusalReason.HolderAbsent, 15.0)]);
        Record("refuse gas-on", IgnitionDecisions.Refuse(_account, new IgnitionRefused(technician, reason, null, at)), at, technician);
        Later(Office(Day(at).AddDays(_rng.Between(3, 14))), RequestIgnition);
    }

    /// <summary>R-IGN-2/3: gas on; called back the next week (R-CB-1), sometimes rated; the account's service starts.</summary>
    private void CompleteIgnition(DateTimeOffset at)
    {
        var technician = Staff(Desk.Installer);
        var hose = _rng.Chance(0.3) ? new HoseSale(_rng.Pick([1.0m, 1.5m, 2.0m]), 10m * _rng.Between(4, 8), !_rng.Chance(0.05)) : null;
        var charge = _rng.Chance(0.02) ? new Charge(10m * _rng.Between(2, 5), false) : null;
        Record("turn the gas on", IgnitionDecisions.Complete(_account, new IgnitionCompleted(technician, true, true, hose, charge, at)),
            at, technician);
        var ignitionEventId = _events[^1].Id;
        var irregular = hose is { Invoiced: false } || charge is { Invoiced: false };
        Later(CallCentre(CallbackPlan.WeekStart(Day(at)).AddDays((Late() ? 14 : 7) + _rng.Next(5))),
            t => Callback(t, CallbackKind.AfterIgnition, ignitionEventId, irregular: irregular));
        if (_rng.Chance(0.4)) Later(at.AddMinutes(_rng.Between(5, 30)), t => TechnicianRating(t, technician, ServiceStage.Ignition));
        StartService(at);
    }
}
