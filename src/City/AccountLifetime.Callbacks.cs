using GasLedger.Domain.Accounts;
using GasLedger.Domain.Callbacks;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>One account's history: callbacks and ratings (R-CB, R-SAT).</summary>
internal sealed partial class AccountLifetime
{
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
        // R-CB-1: holiday courtesy calls (Spring Festival, National Day) in the days before the holiday,
        // when their window opens this quarter.
        foreach (var (_, holiday) in CallbackPlan.Holidays(start.Year, _policy).Concat(CallbackPlan.Holidays(start.Year + 1, _policy)))
        {
            var opens = holiday.AddDays(-_policy.HolidayCallbackDaysBefore);
            if (opens < start || opens > end || holiday.AddDays(-1) < day || _rng.Chance(0.1)) continue;
            var call = opens.AddDays(_rng.Next(_policy.HolidayCallbackDaysBefore));
            if (call < day) call = day;
            Later(At(call, 9 * 60, 20 * 60), t => Callback(t, CallbackKind.Holiday, null));
        }
    }

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
        // R-CB-7: some callbacks ask each question apart, and hear the holder's needs.
        QuestionAnswer[]? answers = reached && _rng.Chance(CityMix.CallbacksWithQuestions)
            ? Enum.GetValues<CallbackQuestion>().Where(_ => _rng.Chance(0.8)).Select(q => new QuestionAnswer(q, _rng.Pick(CityMix.Satisfaction))).ToArray()
            : null;
        var callback = new CallbackMade(_rng.Version7(at), kind, staff, followsWorkId, reached,
            reached ? _rng.Pick(CityMix.Satisfaction) : null, reached && irregular, reached && irregular ? irregularDetail : null,
            reached && _rng.Chance(0.05) ? "希望缩短上门等待时间" : null, at, answers is { Length: > 0 } ? answers : null,
            answers is not null && _rng.Chance(0.2) ? "希望提供线上缴费" : null)
        { OverLengthChargeHeard = overLength };
        Record("record a callback", CallbackDecisions.Callback(_account, callback), at, staff);
        if (!reached)
            Later(CallCentre(Day(at).AddDays(1)),
                t => Callback(t, kind, followsWorkId, irregular, askOverLength, irregularDetail, attempt + 1));
    }

    /// <summary>R-SAT-2: a technician rated on attitude, skill, arrival time and keeping promises.</summary>
    private void TechnicianRating(DateTimeOffset at, string technician, ServiceStage stage)
    {
        var overall = _rng.Pick(CityMix.Satisfaction);
        SatisfactionLevel Item() => _rng.Chance(0.8) ? overall : _rng.Pick(CityMix.Satisfaction);
        var rating = new RatingGiven(_rng.Version7(at), RatingSource.Technician, technician, stage,
            Item(), Item(), Item(), Item(), null, at);
        Record("record a rating", CallbackDecisions.Rate(_account, rating), at, Staff(Desk.CallbackCentre));
    }

    /// <summary>R-SAT-1: the counter's evaluation keypad (满意度评价器) after a counter transaction.</summary>
    private void KeypadRating(DateTimeOffset at, string clerk)
    {
        var rating = new RatingGiven(_rng.Version7(at), RatingSource.CounterKeypad, clerk, ServiceStage.Counter, null, null, null, null,
            _rng.Pick(CityMix.Satisfaction), at);
        Record("record a rating", CallbackDecisions.Rate(_account, rating), at, clerk);
    }

    private SatisfactionLevel SatisfactionNotDissatisfied() =>
        _rng.Pick([(SatisfactionLevel.VerySatisfied, 55.0), (SatisfactionLevel.Satisfied, 32.0),
            (SatisfactionLevel.FairlySatisfied, 13.0)]);
}
