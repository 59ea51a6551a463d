using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Parties;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>
/// 一户的历史 — one account walked through time, from its application to the end of the history (or its closure).
/// <para>
/// Work is kept on an agenda ordered by business time; each step builds its command's event as the API endpoint
/// does, passes <see cref="AccountRules.CheckBusinessTime"/> and the feature's pure decision, appends only what the
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
/// <para>
/// This file holds the agenda, the recording and the clock; each kind of work has its own file
/// (<c>AccountLifetime.Connection.cs</c> for application to gas-on, <c>.Service.cs</c>, <c>.Inspections.cs</c>,
/// <c>.Complaints.cs</c>, <c>.Repairs.cs</c>, <c>.Callbacks.cs</c>, <c>.Parties.cs</c>).
/// </para>
/// </summary>
internal sealed partial class AccountLifetime
{
    /// <summary>R-CAL-4: company time, Asia/Shanghai, which has kept UTC+08:00 without daylight saving since 1991.</summary>
    internal static readonly TimeSpan CompanyOffset = TimeSpan.FromHours(8);

    private static readonly WorkingCalendar Calendar = WorkingCalendar.Official;

    private readonly int _index;
    private readonly ServicePolicy _policy;
    private readonly SeededRandom _rng;
    private readonly DateTimeOffset _now;
    private readonly DateOnly _start;
    private readonly Func<DateTimeOffset, string> _complaintNumber;
    private readonly ILookup<(string District, string Community), CityInterruption> _interruptions;
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
    private decimal _unpaidBill;
    private decimal _overLengthCharge;
    private bool _mayBeKey;
    private DateOnly _keyCallbackQuarter;

    private AccountLifetime(int index, CityOptions options, ServicePolicy policy, Func<DateTimeOffset, string> complaintNumber,
        ILookup<(string District, string Community), CityInterruption> interruptions)
    {
        _interruptions = interruptions;
        _index = index;
        _policy = policy;
        _rng = new SeededRandom(options.Seed, index);
        _now = new DateTimeOffset(options.End.ToDateTime(TimeOnly.MinValue), CompanyOffset).AddDays(1).AddTicks(-1);
        _start = options.End.AddYears(-options.Years).AddDays(1);
        _complaintNumber = complaintNumber;
    }

    /// <summary>
    /// The history of account <paramref name="index"/>; complaint numbers are drawn from
    /// <paramref name="complaintNumber"/>, the interruptions of its area from <paramref name="interruptions"/>.
    /// </summary>
    public static CityAccount Generate(int index, CityOptions options, ServicePolicy policy, Func<DateTimeOffset, string> complaintNumber,
        ILookup<(string District, string Community), CityInterruption> interruptions)
    {
        var history = new AccountLifetime(index, options, policy, complaintNumber, interruptions);
        history.Submit();
        while (history._agenda.TryDequeue(out var item, out _))
        {
            if (history._account.Status == AccountStatus.Closed) break;
            history._clock = item.At;
            item.Step(item.At);
        }
        return new CityAccount(index, history._account.Id, history._account.Number, history._parties, history._events);
    }

    /// <summary>
    /// What the API does around every decision: the business-time check, then only an accepted decision's events,
    /// each with its own id and, when an earlier event of the same decision caused it, that event's id as causation.
    /// </summary>
    private void Record(string action, Decision decision, DateTimeOffset at, string recordedBy)
    {
        if (AccountRules.CheckBusinessTime(_account, at, _now, _policy) is { } badTime) throw Refused(action, badTime);
        if (decision is not Decision.Accept accepted) throw Refused(action, decision);
        var first = _events.Count;
        for (var i = 0; i < accepted.Events.Count; i++)
        {
            var e = accepted.Events[i];
            Guid? cause = Causation.CausedBy(accepted.Events, i) is { } c ? _events[first + c].Id : null;
            _events.Add(new CityEvent(_rng.Version7(e.OccurredAt), e, recordedBy, cause));
            _account = _account.Fold(e);
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

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(CompanyOffset).DateTime);

    /// <summary>A time on <paramref name="day"/> between two minutes of the day (company time), to the second.</summary>
    private DateTimeOffset At(DateOnly day, int fromMinute, int toMinute) =>
        new DateTimeOffset(day.Year, day.Month, day.Day, 0, 0, 0, CompanyOffset)
            .AddSeconds(fromMinute * 60 + _rng.Next((toMinute - fromMinute) * 60));

    /// <summary>R-CAL-2: office hours on the first working day from <paramref name="day"/>: 08:30 to 16:30, in summer to 17:00.</summary>
    private DateTimeOffset Office(DateOnly day)
    {
        while (!Calendar.IsWorkingDay(day)) day = day.AddDays(1);
        var close = day.Month is >= 5 and <= 9 ? 17 * 60 : 16 * 60 + 30;
        return At(day, 8 * 60 + 30, close - 10);
    }

    /// <summary>The callback centre calls 09:00–20:00 on working days (R-CB-6: no callbacks on holidays).</summary>
    private DateTimeOffset CallCentre(DateOnly day)
    {
        while (!Calendar.IsWorkingDay(day)) day = day.AddDays(1);
        return At(day, 9 * 60, 20 * 60);
    }

    /// <summary>The next arrival of a Poisson process of <paramref name="perYear"/> events a year after <paramref name="from"/>.</summary>
    private DateTimeOffset Arrival(DateTimeOffset from, double perYear) =>
        from.AddDays(Math.Min(-Math.Log(1 - _rng.NextDouble()) / perYear * 365.25, 36_500));

    private bool Late() => _rng.Chance(CityMix.LateShare);

    /// <summary>Counter handling time (R-APP-4): mostly within the commitment, a few over it.</summary>
    private int Minutes(int commitment) =>
        Late() ? commitment + _rng.Between(1, 10) : _rng.Between(Math.Max(1, commitment / 2), commitment);

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());

    private string Staff(Desk desk) => CityMap.Staff(desk, _district, _rng.Next(CityMap.StaffPerDesk));
}
