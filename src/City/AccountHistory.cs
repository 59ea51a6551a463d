using System.Globalization;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Parties;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>
/// 一户的历史 — one account walked through time, from its application to the end of the history (or its closure).
/// <para>
/// Work is kept on an agenda ordered by business time; each step builds its command's event as the API endpoint
/// does, passes <see cref="Lifecycle.CheckBusinessTime"/> and the feature's pure decision, appends only what the
/// decision accepted (with fresh ids and the causation the API records) and folds it onto the state. A step may put
/// later work on the agenda (a reply after a complaint, the next reading after a reading), never earlier work, so
/// business time never runs backwards. Work that would fall after the end of the history is not done: the history
/// simply stops there, with what is open left open. A refusal is a bug of this generator and throws.
/// </para>
/// <para>
/// Recurring work of an account with gas on: a monthly meter reading or, for IC cards, a purchase every month or two;
/// periodic inspections (R-INSP-1) with not-home revisits and hazards; and Poisson arrivals at the yearly rates of
/// <see cref="CityMix"/> of complaints, repairs, transfers, arrears suspensions, inspection requests and closures.
/// Time limits are kept in most cases and broken in <see cref="CityMix.LateShare"/> of them.
/// </para>
/// </summary>
internal sealed class AccountHistory
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Official;

    private readonly int _index;
    private readonly ServicePolicy _policy;
    private readonly SeededRandom _rng;
    private readonly DateTimeOffset _now;
    private readonly DateOnly _start;
    private readonly Func<DateTimeOffset, string> _complaintNumber;
    private readonly List<CityEvent> _events = new(96);
    private readonly List<Party> _parties = new(2);
    private readonly PriorityQueue<(Action<DateTimeOffset> Step, DateTimeOffset At), (long Ticks, int Seq)> _agenda = new();
    private int _seq;
    private DateTimeOffset _clock;
    private Account _account = null!;
    private int _district;
    private bool _residential;
    private double _volumeScale;
    private decimal _unpaidVolume;
    private decimal _overLengthCharge;
    private bool _mayBeKey;
    private DateOnly _keyCallbackQuarter;

    private AccountHistory(int index, CityOptions options, ServicePolicy policy, Func<DateTimeOffset, string> complaintNumber)
    {
        _index = index;
        _policy = policy;
        _rng = new SeededRandom(options.Seed, index);
        _now = new DateTimeOffset(options.End.ToDateTime(TimeOnly.MinValue), China).AddDays(1).AddTicks(-1);
        _start = options.End.AddYears(-options.Years).AddDays(1);
        _complaintNumber = complaintNumber;
    }

    /// <summary>The history of account <paramref name="index"/>; complaint numbers are drawn from <paramref name="complaintNumber"/>.</summary>
    public static CityAccount Generate(int index, CityOptions options, ServicePolicy policy, Func<DateTimeOffset, string> complaintNumber)
    {
        var history = new AccountHistory(index, options, policy, complaintNumber);
        history.Submit();
        while (history._agenda.TryDequeue(out var item, out _))
        {
            if (history._account.Status == AccountStatus.Closed) break;
            history._clock = item.At;
            item.Step(item.At);
        }
        return new CityAccount(index, history._account.Id, history._account.Number, history._parties, history._events);
    }

    // ------------------------------------------------------------------ application, installation, gas-on

    /// <summary>报装 (R-APP-1/2): the form as the counter enters it, checked as <c>POST /api/accounts</c> checks it.</summary>
    private void Submit()
    {
        var category = _rng.Pick(CityMix.Categories);
        _residential = category == CustomerCategory.Residential;
        BuildingType? building = _residential ? _rng.Pick(CityMix.BuildingTypes) : null;
        _district = _rng.Next(CityMap.Districts.Length);
        var address = _residential ? CityMap.Home(_rng, _district, building!.Value) : CityMap.Premises(_rng, _district);
        var holder = NewHolder();
        var meter = _rng.Chance(_residential ? CityMix.ResidentialIcCardShare : CityMix.NonResidentialIcCardShare) ? MeterType.IcCard : MeterType.ReadMeter;
        var payment = meter == MeterType.IcCard ? PaymentMethod.TopUp : _rng.Pick(CityMix.ReadMeterPayments);
        var bank = payment == PaymentMethod.BankDirectDebit ? NewBank(holder.Name!) : null;
        var channel = _rng.Pick(CityMix.Channels);
        var nature = _residential && _rng.Chance(CityMix.ResidentialCollectiveShare) ? ApplicationNature.Collective : ApplicationNature.Individual;
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
                ? new SmsForm { Number = _rng.Chance(0.8) ? holder.Phone : Residents.Mobile(_rng), Provider = _rng.Pick(Residents.SmsProviders) }
                : null,
            InvoiceDate = nature == ApplicationNature.Collective && !lost ? Day(at).AddDays(-_rng.Next(60)) : null,
            InvoiceLost = lost,
            HandlingMinutes = channel == ApplicationChannel.Counter ? Minutes(commitment) : null,
            OccurredAt = at,
        };
        if (Lifecycle.CheckBusinessTime(null, at, _now, _policy) is { } early) throw Refused("submit the application", early);
        var errors = ApplicationRules.Check(form, _policy.LocalDate(at), _policy);
        if (errors.AsDecision() is { } invalid) throw Refused("submit the application", invalid);

        var accountId = _rng.Version7(at);
        var number = ApplicationDecisions.AccountNumber(_index + 1L, _policy);
        var card = Card(bank);
        var party = Party(accountId, form.Holder!, card, null, at) with { SmsNumber = string.IsNullOrWhiteSpace(form.Sms?.Number) ? null : form.Sms.Number.Trim() };
        _parties[^1] = party;
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
        else if (nature == ApplicationNature.Collective)
            Later(Office(Day(at).AddDays(_rng.Between(0, 3))), t => ScheduleInstallation(t, Day(at)));
        else
            Later(_rng.Chance(0.7) ? at.AddMinutes(_rng.Between(5, 40)) : Office(Day(at).AddDays(_rng.Between(1, 10))), PayFee);
    }

    /// <summary>R-APP-3: the fee as the schedule says for a home; a negotiated connection fee for other premises.</summary>
    private void PayFee(DateTimeOffset at)
    {
        var amount = _account.BuildingType is { } type ? _policy.ResidentialFee(type) : 100m * _rng.Between(60, 600);
        var invoice = string.Create(CultureInfo.InvariantCulture, $"FP{Day(at):yyyyMMdd}{_rng.Next(1_000_000):D6}");
        Record("pay the application fee", ApplicationDecisions.PayFee(_account, new ApplicationFeePaid(amount, invoice, Day(at), at), _policy), at, Staff(Desk.Counter));
        Later(_rng.Chance(0.5) ? at.AddMinutes(_rng.Between(10, 120)) : Office(Calendar.AddWorkingDays(Day(at), 1)), t => ScheduleInstallation(t, Day(at)));
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
        Record("schedule the installation", InstallationDecisions.Schedule(_account, new InstallationScheduled(kind, appointment, at), _policy), at, Staff(Desk.Counter));
        Later(Office(appointment), CompleteInstallation);
    }

    /// <summary>R-INS-3: installed and accepted; an individual installation is called back the next month (R-CB-1).</summary>
    private void CompleteInstallation(DateTimeOffset at)
    {
        var installer = Staff(Desk.Installer);
        var pipe = Math.Round(3m + (decimal)_rng.NextDouble() * 12m, 1);
        _overLengthCharge = pipe > 10m ? Math.Round((pipe - 10m) * 60m, 0) : 0m;
        var completed = new InstallationCompleted(installer, string.Create(CultureInfo.InvariantCulture, $"M{Day(at):yyMM}{_rng.Next(10_000_000):D7}"),
            pipe, _overLengthCharge, _rng.Chance(0.5) ? "镀锌钢管、球阀、燃气表" : null, at);
        Record("complete the installation", InstallationDecisions.Complete(_account, completed), at, installer);
        var installationEventId = _events[^1].Id;
        if (_account.Nature == ApplicationNature.Individual && _rng.Chance(0.97))
        {
            var month = new DateOnly(Day(at).Year, Day(at).Month, 1).AddMonths(1);
            Later(CallCentre(month.AddDays(_rng.Next(20))), t => Callback(t, CallbackKind.AfterInstallation, installationEventId, askOverLength: true));
        }
        Later(Office(Day(at).AddDays(_rng.Between(1, 30))), RequestIgnition);
    }

    /// <summary>R-IGN-1: the holder asks for gas-on; the visit comes within three working days (a few late).</summary>
    private void RequestIgnition(DateTimeOffset at)
    {
        var requested = Day(at).AddDays(_rng.Between(0, 3));
        Record("request gas-on", IgnitionDecisions.Request(_account, new IgnitionRequested(requested, at), _policy), at, Staff(Desk.Counter));
        var visit = Office(Calendar.AddWorkingDays(Day(at), Late() ? _policy.IgnitionWorkingDays + _rng.Between(1, 3) : _rng.Between(1, _policy.IgnitionWorkingDays)));
        if (_rng.Chance(0.04)) Later(visit, RefuseIgnition);
        else Later(visit, CompleteIgnition);
    }

    /// <summary>R-IGN-2: no flame-out protection or a failed airtightness test: the visit is refused; the holder asks again.</summary>
    private void RefuseIgnition(DateTimeOffset at)
    {
        var technician = Staff(Desk.Installer);
        var reason = _rng.Pick([(IgnitionRefusalReason.NoFlameOutProtection, 60.0), (IgnitionRefusalReason.AirtightnessFailed, 25.0), (IgnitionRefusalReason.HolderAbsent, 15.0)]);
        Record("refuse gas-on", IgnitionDecisions.Refuse(_account, new IgnitionRefused(technician, reason, null, at)), at, technician);
        Later(Office(Day(at).AddDays(_rng.Between(3, 14))), RequestIgnition);
    }

    /// <summary>R-IGN-2/3: gas on; called back the next week (R-CB-1), sometimes rated; the account's service starts.</summary>
    private void CompleteIgnition(DateTimeOffset at)
    {
        var technician = Staff(Desk.Installer);
        var hose = _rng.Chance(0.3) ? new HoseSale(_rng.Pick([1.0m, 1.5m, 2.0m]), 10m * _rng.Between(4, 8), !_rng.Chance(0.05)) : null;
        var charge = _rng.Chance(0.02) ? new Charge(10m * _rng.Between(2, 5), false) : null;
        Record("turn the gas on", IgnitionDecisions.Complete(_account, new IgnitionCompleted(technician, true, true, hose, charge, at)), at, technician);
        var ignitionEventId = _events[^1].Id;
        var irregular = hose is { Invoiced: false } || charge is { Invoiced: false };
        Later(CallCentre(CallbackPlan.WeekStart(Day(at)).AddDays((Late() ? 14 : 7) + _rng.Next(5))), t => Callback(t, CallbackKind.AfterIgnition, ignitionEventId, irregular: irregular));
        if (_rng.Chance(0.4)) Later(at.AddMinutes(_rng.Between(5, 30)), t => TechnicianRating(t, technician, ServiceStage.Ignition));
        StartService(at);
    }

    // ------------------------------------------------------------------ recurring work of an account with gas on

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
        if (_account.MeterType == MeterType.ReadMeter) Recurring(gasOn, CityMix.ArrearsPerYear, Office, SuspendForArrears);
        Later(Arrival(gasOn, CityMix.ClosuresPerYear), t => Later(Office(Day(t)), Close));
        // Only a customer that may be key (R-CLS-4: non-residential, or a home using tier-A volumes) is classified at its readings.
        _mayBeKey = !_residential || _volumeScale * 12 >= 0.75 * (double)_policy.ResidentialTiers.A;
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
            Record("record a reading", SupplyDecisions.RecordUsage(_account, usage), at, Staff(Desk.MeterReader));
            OweKeyCustomerCallback(at);
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
                    var usage = new UsageRecorded(_rng.Version7(t), UsageKind.IcPurchase, volume, day, volume * CityMix.Price(_account.Category), t);
                    Record("record an IC-card purchase", SupplyDecisions.RecordUsage(_account, usage), t, Staff(Desk.Counter));
                    OweKeyCustomerCallback(t);
                });
            }
        }
        var next = day.AddMonths(1);
        next = new DateOnly(next.Year, next.Month, Math.Min(readingDay, DateTime.DaysInMonth(next.Year, next.Month)));
        Later(At(next, 8 * 60 + 30, 17 * 60 + 30), t => MonthlyUsage(t, readingDay));
    }

    /// <summary>R-INSP-1: the next periodic visit, due the interval after the last; most come a little early, a few late.</summary>
    private DateTimeOffset NextInspection(DateOnly last)
    {
        var due = last.AddMonths(_policy.InspectionIntervalMonths(_account.Category));
        return Office(Late() ? due.AddDays(_rng.Between(5, 45)) : due.AddDays(-_rng.Between(0, 25)));
    }

    /// <summary>
    /// 安检 (R-INSP-2, R-HAZ-1/2): a visit ends passed, with hazards, or not home (then a revisit in one to three
    /// weeks). Each hazard is rectified later (a severe one within days, then supply resumes); inspections are called
    /// back the next week at a little over the required 80 %.
    /// </summary>
    /// <summary>Why an inspector comes: the periodic round, again after nobody was home, the holder's request, or before a holiday.</summary>
    private enum Visit { Periodic, Revisit, Requested, BeforeHoliday }

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
                t => Callback(t, CallbackKind.AfterInspection, inspectionId, irregular: charge is not null, irregularDetail: WorkTexts.InspectionIrregularCharge));
        if (!appointed) Later(NextInspection(Day(at)), t => Inspect(t, Visit.Periodic));
    }

    private HazardFound[] Hazards(DateTimeOffset at, Guid? inspectionId, Guid? repairId, int count)
    {
        var hazards = new HazardFound[count];
        for (var i = 0; i < count; i++)
        {
            var code = _rng.Pick(CityMix.HazardCodes);
            var severity = code == HazardCode.Leak ? HazardSeverity.Severe : _rng.Chance(0.22) ? HazardSeverity.Major : HazardSeverity.Minor;
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
    /// R-INSP-1: a public-service building is inspected in the weeks before the Spring Festival, Labour Day and National
    /// Day (the holiday's block of days off on the working calendar), by appointment; a few are missed.
    /// </summary>
    private void BeforeNextHoliday(DateOnly after)
    {
        var next = Enumerable.Range(after.Year, 2)
            .SelectMany(year => Enum.GetValues<InspectionHoliday>().Select(h => HolidayInspections.Start(HolidayInspections.Anchor(h, year), Calendar)))
            .Where(start => start.AddDays(-_policy.HolidayInspectionWindowDays) > after)
            .Min();
        if (!Late()) Later(Office(next.AddDays(-_rng.Between(10, _policy.HolidayInspectionWindowDays - 2))), t => Inspect(t, Visit.BeforeHoliday));
        Later(At(next, 9 * 60, 10 * 60), _ => BeforeNextHoliday(next));
    }

    /// <summary>R-INSP-3: the holder asks for an inspection; it is done within three days (a few late).</summary>
    private void RequestInspection(DateTimeOffset at)
    {
        if (_account.InspectionRequestedAt is not null) return;
        Record("request an inspection", InspectionDecisions.Request(_account, new InspectionRequested(_rng.Chance(0.5) ? Day(at).AddDays(1) : null, "用户申请上门安检", at)),
            at, Staff(Desk.Counter));
        // Requested visits are made on any day, weekends too: the three days are calendar days.
        Later(Late() ? at.AddDays(_rng.Between(4, 6)) : At(Day(at).AddDays(_rng.Between(1, _policy.RequestedInspectionDays)), 9 * 60, 18 * 60),
            t => Inspect(t, Visit.Requested));
    }

    /// <summary>
    /// 投诉 (R-CMP-1..5): filed with a month's serial number (escalated when it touches safety), replied within 48 hours,
    /// resolved within 3 or 7 working days, followed up; a dissatisfied holder reopens it and it is handled again.
    /// </summary>
    private void FileComplaint(DateTimeOffset at)
    {
        var channel = _rng.Pick([(ComplaintChannel.Phone, 60.0), (ComplaintChannel.Online, 25.0), (ComplaintChannel.Counter, 10.0), (ComplaintChannel.Letter, 5.0)]);
        var category = _rng.Pick([
            (ComplaintCategory.Billing, 20.0), (ComplaintCategory.Charges, 20.0), (ComplaintCategory.Delay, 20.0), (ComplaintCategory.Attitude, 15.0),
            (ComplaintCategory.Quality, 10.0), (ComplaintCategory.Safety, 8.0), (ComplaintCategory.Other, 5.0), (ComplaintCategory.Conduct, 2.0)]);
        var complexity = _rng.Chance(0.25) ? ComplaintComplexity.Complex : ComplaintComplexity.Simple;
        var receivedBy = channel == ComplaintChannel.Counter ? Staff(Desk.Counter) : Staff(Desk.Hotline);
        var filed = new ComplaintFiled(_rng.Version7(at), _complaintNumber(at), channel, category, complexity, WorkTexts.Complaint(category), receivedBy, at);
        Record("file a complaint", ComplaintDecisions.File(_account, filed, touchesSafety: _rng.Chance(0.02)), at, receivedBy);

        var handler = Staff(Desk.ComplaintHandling);
        var replyAt = Late() ? at.AddHours(_rng.Between(_policy.ComplaintReplyHours + 1, _policy.ComplaintReplyHours + 40)) : at.AddMinutes(_rng.Between(30, 40 * 60));
        Later(replyAt, t =>
        {
            Record("reply to a complaint", ComplaintDecisions.Reply(_account, new ComplaintReplied(filed.ComplaintId, handler, WorkTexts.Reply(category), t)), t, handler);
            Later(ResolutionTime(Day(at), complexity), r => ResolveComplaint(r, filed, handler, 0));
        });
    }

    private DateTimeOffset ResolutionTime(DateOnly from, ComplaintComplexity complexity)
    {
        var limit = complexity == ComplaintComplexity.Complex ? _policy.ComplaintComplexWorkingDays : _policy.ComplaintSimpleWorkingDays;
        return Office(Calendar.AddWorkingDays(from, Late() ? limit + _rng.Between(1, 4) : _rng.Between(1, limit)));
    }

    private void ResolveComplaint(DateTimeOffset at, ComplaintFiled filed, string handler, int reopened)
    {
        Record("resolve a complaint", ComplaintDecisions.Resolve(_account, new ComplaintResolved(filed.ComplaintId, handler, WorkTexts.Resolution(filed.Category), at)), at, handler);
        var followUpAt = CallCentre(Day(at).AddDays(Late() ? _rng.Between(_policy.AfterWorkCallbackDays, _policy.AfterWorkCallbackDays + 5) : _rng.Between(0, _policy.AfterWorkCallbackDays - 2)));
        Later(followUpAt, t =>
        {
            var caller = Staff(Desk.CallbackCentre);
            var satisfaction = _rng.Chance(reopened == 0 ? 0.12 : 0.03) ? SatisfactionLevel.Dissatisfied : SatisfactionNotDissatisfied();
            Record("follow up a complaint", ComplaintDecisions.FollowUp(_account, new ComplaintFollowedUp(filed.ComplaintId, caller, satisfaction, t)), t, caller);
            if (satisfaction == SatisfactionLevel.Dissatisfied)
                Later(ResolutionTime(Day(t), filed.Complexity), r => ResolveComplaint(r, filed, handler, reopened + 1));
        });
    }

    /// <summary>
    /// 报修 / 报警 (R-REP-1/2): reported on the 24-hour hotline, dispatched, on site within 6 hours (an emergency within
    /// 30 minutes), repaired within 24 hours, some hazards noted; called back within days (R-REP-3), sometimes rated.
    /// </summary>
    private void ReportRepair(DateTimeOffset at)
    {
        var emergency = _rng.Chance(CityMix.EmergencyShare);
        var reportAt = at;
        var repairId = _rng.Version7(reportAt);
        var hotline = Staff(Desk.Hotline);
        var reported = new RepairReported(repairId, emergency, emergency ? WorkTexts.Emergency : _rng.Pick(WorkTexts.Repairs),
            _rng.Chance(0.8) ? RepairLocation.Urban : RepairLocation.Suburban, emergency || _rng.Chance(0.6) ? null : Day(reportAt).AddDays(_rng.Between(0, 1)),
            hotline, reportAt);
        Record("report a repair", RepairDecisions.Report(_account, reported), reportAt, hotline);

        var technician = Staff(Desk.Installer);
        var arriveAt = emergency
            ? reportAt.AddMinutes(Late() ? _rng.Between(_policy.EmergencyArrivalMinutes + 1, 75) : _rng.Between(8, _policy.EmergencyArrivalMinutes - 1))
            : reportAt.AddMinutes(Late() ? _rng.Between(_policy.RepairHandlingHours * 60 + 10, 20 * 60) : _rng.Between(40, _policy.RepairHandlingHours * 60 - 10));
        var dispatchAt = reportAt.AddMinutes(Math.Min(emergency ? 5 : 30, (arriveAt - reportAt).TotalMinutes / 2));
        var completeAt = arriveAt.AddMinutes(_rng.Chance(0.97) ? _rng.Between(20, 180) : _rng.Between(24 * 60, 30 * 60));
        Later(dispatchAt, t => Record("dispatch a repair", RepairDecisions.Dispatch(_account, new RepairDispatched(repairId, technician, t)), t, Staff(Desk.Hotline)));
        Later(arriveAt, t => Record("mark arrival", RepairDecisions.Arrive(_account, new TechnicianArrived(repairId, t)), t, technician));
        Later(completeAt, t =>
        {
            var hazards = emergency && _rng.Chance(0.5) ? [new HazardFound(_rng.Version7(t), null, repairId, HazardCode.Leak, HazardSeverity.Severe, WorkTexts.Hazard(HazardCode.Leak), t)]
                : _rng.Chance(0.06) ? Hazards(t, null, repairId, 1) : [];
            var charge = _rng.Chance(0.3) ? new Charge(10m * _rng.Between(2, 20), !_rng.Chance(0.02)) : null;
            Record("complete a repair", RepairDecisions.Complete(_account, new RepairCompleted(repairId, true, charge, null, t), hazards, _policy), t, technician);
            AfterHazards(t, hazards);
            var callbackAt = Late() ? CallCentre(Day(t).AddDays(_rng.Between(_policy.AfterWorkCallbackDays, _policy.AfterWorkCallbackDays + 4))) : t.AddMinutes(_rng.Between(10, 36 * 60));
            Later(callbackAt, c => Callback(c, CallbackKind.AfterRepair, repairId, irregular: charge is { Invoiced: false }));
            if (_rng.Chance(0.4)) Later(t.AddMinutes(_rng.Between(5, 30)), r => TechnicianRating(r, technician, ServiceStage.Repair));
        });
    }

    /// <summary>过户 (R-TRF-1): a new holder with identity and proof of ownership, checked as <c>POST …/transfer</c> checks it.</summary>
    private void Transfer(DateTimeOffset at)
    {
        var holder = NewHolder(requireIdentity: true);
        var payment = _account.MeterType == MeterType.IcCard ? PaymentMethod.TopUp : _rng.Pick(CityMix.ReadMeterPayments);
        var bank = payment == PaymentMethod.BankDirectDebit ? NewBank(holder.Name!) : null;
        var minutes = Minutes(_policy.CounterTransferMinutes);
        var proof = string.Create(CultureInfo.InvariantCulture, $"不动产权第{_rng.Next(10_000_000):D7}号");
        var errors = new FieldErrors().Require(proof, "propertyProof").When(minutes is < 1 or > 600, "handlingMinutes", "must be from 1 to 600 minutes.");
        ApplicationRules.CheckHolder(holder, "newHolder", errors, requireIdentity: true);
        if (errors.AsDecision() is { } invalid) throw Refused("transfer the account", invalid);

        var card = Card(bank);
        var party = Party(_account.Id, holder, card, proof, at);
        var clerk = Staff(Desk.Counter);
        var transferred = new HolderTransferred(_account.HolderPartyId, party.Id, party.Kind, holder.SpecialCare, payment, card?.ToMandate(), at, minutes);
        Record("transfer the account", TransferDecisions.Transfer(_account, transferred, bank), at, clerk);
        if (_rng.Chance(0.5)) Later(at.AddMinutes(minutes), t => KeypadRating(t, clerk));
    }

    /// <summary>R-SUP-2: a read-meter account in arrears is suspended; most pay within weeks and are resumed, the rest closed.</summary>
    private void SuspendForArrears(DateTimeOffset at)
    {
        if (_account.Status != AccountStatus.Active) return;
        Record("suspend supply", SupplyDecisions.Suspend(_account, new SupplySuspended(SuspensionReason.Arrears, at.AddDays(-_rng.Between(3, 10)), null, at)), at, Staff(Desk.Counter));
        if (_rng.Chance(0.85))
            Later(Office(Day(at).AddDays(_rng.Between(3, 40))), t =>
            {
                if (_account.Suspension is { Reason: SuspensionReason.Arrears }) Resume(t);
            });
        else
            Later(Office(Day(at).AddDays(_rng.Between(60, 120))), t =>
            {
                if (_account.Suspension is { Reason: SuspensionReason.Arrears })
                    Record("close the account", SupplyDecisions.Close(_account, new AccountClosed(ClosureReason.Arrears, t)), t, Staff(Desk.Counter));
            });
    }

    /// <summary>销户 (R-SUP-2, R-ACC-6): the holder moves out or the building is demolished; closed is final.</summary>
    private void Close(DateTimeOffset at)
    {
        var reason = _rng.Pick([(ClosureReason.HolderRequest, 70.0), (ClosureReason.Demolition, 25.0), (ClosureReason.Other, 5.0)]);
        Record("close the account", SupplyDecisions.Close(_account, new AccountClosed(reason, at)), at, Staff(Desk.Counter));
    }

    /// <summary>
    /// R-CB-1, R-CLS-4: a key customer is called once a quarter. As the callback plan reckons, a reading that finds the
    /// account key (tier A, or non-residential tier B) makes the quarter's call owed; it is made within the next weeks
    /// of the quarter.
    /// </summary>
    private void OweKeyCustomerCallback(DateTimeOffset readingAt)
    {
        if (!_mayBeKey) return;
        var day = Day(readingAt);
        var (start, end, _) = CallbackPlan.Quarter(day);
        if (_keyCallbackQuarter == start || Classifier.Classify(_account, day, _policy).ServiceLevel != ServiceLevel.Key) return;
        _keyCallbackQuarter = start;
        if (!Late())
        {
            var call = day.AddDays(_rng.Between(1, 20));
            if (call > end) call = end;
            if (call.DayOfWeek == DayOfWeek.Sunday) call = call.AddDays(-1);
            Later(CallCentre(call), t => Callback(t, CallbackKind.KeyCustomer, null));
        }
        // R-CB-1: holiday courtesy calls (Spring Festival, National Day) in the days before the holiday, when their window opens this quarter.
        foreach (var (_, holiday) in CallbackPlan.Holidays(start.Year, _policy).Concat(CallbackPlan.Holidays(start.Year + 1, _policy)))
        {
            var opens = holiday.AddDays(-_policy.HolidayCallbackDaysBefore);
            if (opens < start || opens > end || holiday.AddDays(-1) < day || _rng.Chance(0.1)) continue;
            var call = opens.AddDays(_rng.Next(_policy.HolidayCallbackDaysBefore));
            if (call < day) call = day;
            Later(At(call, 9 * 60, 20 * 60), t => Callback(t, CallbackKind.Holiday, null));
        }
    }

    // ------------------------------------------------------------------ callbacks and ratings

    /// <summary>
    /// 回访 (R-CB-2/4): reached or not (then tried again the next day), with a satisfaction, and the irregular-charge
    /// questions: a charge without invoice the work recorded is reported; after an installation the holder states the
    /// over-length charge taken (now and then a figure that differs from the record).
    /// </summary>
    private void Callback(DateTimeOffset at, CallbackKind kind, Guid? followsWorkId, bool irregular = false, bool askOverLength = false,
        string irregularDetail = WorkTexts.IgnitionIrregularCharge, int attempt = 0)
    {
        var staff = Staff(Desk.CallbackCentre);
        var reached = attempt >= 2 || !_rng.Chance(CityMix.UnreachedShare);
        decimal? overLength = reached && askOverLength ? _rng.Chance(0.02) ? _overLengthCharge + 50m : _overLengthCharge : null;
        var callback = new CallbackMade(_rng.Version7(at), kind, staff, followsWorkId, reached, reached ? _rng.Pick(CityMix.Satisfaction) : null,
            reached && irregular, reached && irregular ? irregularDetail : null, reached && _rng.Chance(0.05) ? "希望缩短上门等待时间" : null, at)
        { OverLengthChargeHeard = overLength };
        Record("record a callback", CallbackDecisions.Callback(_account, callback), at, staff);
        if (!reached)
            Later(CallCentre(Day(at).AddDays(1)), t => Callback(t, kind, followsWorkId, irregular, askOverLength, irregularDetail, attempt + 1));
    }

    /// <summary>R-SAT-2: a technician rated on attitude, skill, arrival time and keeping promises.</summary>
    private void TechnicianRating(DateTimeOffset at, string technician, ServiceStage stage)
    {
        var overall = _rng.Pick(CityMix.Satisfaction);
        SatisfactionLevel Item() => _rng.Chance(0.8) ? overall : _rng.Pick(CityMix.Satisfaction);
        var rating = new RatingGiven(_rng.Version7(at), RatingSource.Technician, technician, stage, Item(), Item(), Item(), Item(), null, at);
        Record("record a rating", CallbackDecisions.Rate(_account, rating), at, Staff(Desk.CallbackCentre));
    }

    /// <summary>R-SAT-1: the counter's evaluation keypad (满意度评价器) after a counter transaction.</summary>
    private void KeypadRating(DateTimeOffset at, string clerk)
    {
        var rating = new RatingGiven(_rng.Version7(at), RatingSource.CounterKeypad, clerk, ServiceStage.Counter, null, null, null, null, _rng.Pick(CityMix.Satisfaction), at);
        Record("record a rating", CallbackDecisions.Rate(_account, rating), at, clerk);
    }

    private SatisfactionLevel SatisfactionNotDissatisfied() =>
        _rng.Pick([(SatisfactionLevel.VerySatisfied, 55.0), (SatisfactionLevel.Satisfied, 32.0), (SatisfactionLevel.FairlySatisfied, 13.0)]);

    // ------------------------------------------------------------------ parties

    /// <summary>A holder as the counter enters one: a person for a home, an organisation for other premises.</summary>
    private HolderForm NewHolder(bool requireIdentity = false)
    {
        if (!_residential)
            return new HolderForm
            {
                Kind = PartyKind.Organisation,
                Name = Residents.OrganisationName(_rng, CityMap.Districts[_district]),
                IdNumber = Residents.CreditCode(_rng),
                Phone = Residents.Mobile(_rng),
            };
        return new HolderForm
        {
            Kind = PartyKind.Person,
            Name = Residents.PersonName(_rng),
            IdNumber = requireIdentity || _rng.Chance(0.97) ? Residents.NationalId(_rng) : null,
            Phone = Residents.Mobile(_rng),
            SpecialCare = _rng.Chance(CityMix.SpecialCareShare),
        };
    }

    private BankForm NewBank(string holder)
    {
        var (bank, number) = Residents.BankCard(_rng);
        return new BankForm { CardNumber = number, BankName = bank, CardHolder = holder };
    }

    /// <summary>The card as the party record keeps it, with a token that stands for it in events (R-ACC-4); the token is drawn from the seed.</summary>
    private BankCard? Card(BankForm? bank) => bank is null ? null
        : new BankCard("card_" + _rng.NextBits().ToString("x16", CultureInfo.InvariantCulture) + _rng.Next(65536).ToString("x4", CultureInfo.InvariantCulture),
            bank.CardNumber!, bank.BankName!, bank.CardHolder!);

    /// <summary>The party record, as the endpoints build it (R-ACC-4).</summary>
    private Party Party(Guid accountId, HolderForm holder, BankCard? card, string? proof, DateTimeOffset at)
    {
        var party = new Party
        {
            Id = _rng.Version7(at),
            Kind = holder.Kind!.Value,
            Name = ApplicationRules.HolderName(holder, _policy),
            IdNumber = holder.IdNumber?.Trim().ToUpperInvariant(),
            Phone = holder.Phone?.Trim(),
            SmsNumber = null,
            Bank = card,
            PropertyProof = proof,
            AccountId = accountId,
            RecordedAt = at,
        };
        _parties.Add(party);
        return party;
    }

    // ------------------------------------------------------------------ recording

    /// <summary>
    /// What the API does around every decision: the business-time check, then only an accepted decision's events,
    /// each with its own id and, when an earlier event of the same decision caused it, that event's id as causation.
    /// </summary>
    private void Record(string action, Decision decision, DateTimeOffset at, string recordedBy)
    {
        if (Lifecycle.CheckBusinessTime(_account, at, _now, _policy) is { } badTime) throw Refused(action, badTime);
        if (decision is not Decision.Accept accepted) throw Refused(action, decision);
        var first = _events.Count;
        for (var i = 0; i < accepted.Events.Count; i++)
        {
            var e = accepted.Events[i];
            Guid? cause = Causation.CausedBy(accepted.Events, i) is { } c ? _events[first + c].Id : null;
            _events.Add(new CityEvent(_rng.Version7(e.OccurredAt), e, recordedBy, cause));
            _account = _account.Then(e);
        }
    }

    private InvalidOperationException Refused(string action, Decision decision)
    {
        var detail = decision switch
        {
            Decision.Conflict c => c.Detail,
            Decision.Missing m => m.Detail,
            Decision.Invalid i => string.Join(" ", i.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            _ => decision.ToString(),
        };
        return new InvalidOperationException(
            $"The city generator broke a rule: account index {_index} ({_account?.Number ?? "not yet submitted"}), at {_clock:O}, could not {action}: {detail}");
    }

    // ------------------------------------------------------------------ time

    /// <summary>Puts work on the agenda; never before the step being done, and not after the end of the history.</summary>
    private void Later(DateTimeOffset at, Action<DateTimeOffset> step)
    {
        if (at < _clock) at = _clock;
        if (at > _now) return;
        _agenda.Enqueue((step, at), (at.UtcTicks, _seq++));
    }

    /// <summary>
    /// When the application was made: <see cref="CityMix.ExistingBaseShare"/> in the window's first months, the rest
    /// with a density rising linearly over the remaining years (inverse of the CDF of (1 + u) on [0, 1]).
    /// </summary>
    private DateTimeOffset ApplicationTime(ApplicationChannel channel)
    {
        var end = Day(_now);
        var baseEnd = _start.AddMonths(CityMix.ExistingBaseMonths);
        DateOnly day;
        if (_rng.Chance(CityMix.ExistingBaseShare)) day = _start.AddDays(_rng.Next(baseEnd.DayNumber - _start.DayNumber));
        else
        {
            var u = Math.Sqrt(1 + 3 * _rng.NextDouble()) - 1;
            day = baseEnd.AddDays((int)(u * (end.DayNumber - baseEnd.DayNumber)));
        }
        var at = channel == ApplicationChannel.Online ? At(day, 7 * 60, 23 * 60) : Office(day);
        if (at > _now) at = At(end, 7 * 60, 8 * 60);
        return at;
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(China).DateTime);

    /// <summary>A time on <paramref name="day"/> between two minutes of the day (company time), to the second.</summary>
    private DateTimeOffset At(DateOnly day, int fromMinute, int toMinute) =>
        new DateTimeOffset(day.Year, day.Month, day.Day, 0, 0, 0, China).AddSeconds(fromMinute * 60 + _rng.Next((toMinute - fromMinute) * 60));

    /// <summary>R-CAL-2: office hours on the first working day from <paramref name="day"/>: 08:30 to 16:30, in summer to 17:00.</summary>
    private DateTimeOffset Office(DateOnly day)
    {
        while (!Calendar.IsWorkingDay(day)) day = day.AddDays(1);
        var close = day.Month is >= 5 and <= 9 ? 17 * 60 : 16 * 60 + 30;
        return At(day, 8 * 60 + 30, close - 10);
    }

    /// <summary>The callback centre calls 09:00–20:00, every day but Sunday.</summary>
    private DateTimeOffset CallCentre(DateOnly day)
    {
        if (day.DayOfWeek == DayOfWeek.Sunday) day = day.AddDays(1);
        return At(day, 9 * 60, 20 * 60);
    }

    /// <summary>The next arrival of a Poisson process of <paramref name="perYear"/> events a year after <paramref name="from"/>.</summary>
    private DateTimeOffset Arrival(DateTimeOffset from, double perYear) =>
        from.AddDays(Math.Min(-Math.Log(1 - _rng.NextDouble()) / perYear * 365.25, 36_500));

    private bool Late() => _rng.Chance(CityMix.LateShare);

    /// <summary>Counter handling time (R-APP-4): mostly within the commitment, a few over it.</summary>
    private int Minutes(int commitment) => Late() ? commitment + _rng.Between(1, 10) : _rng.Between(Math.Max(1, commitment / 2), commitment);

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());

    private string Staff(Desk desk) => CityMap.Staff(desk, _district, _rng.Next(CityMap.StaffPerDesk));
}
