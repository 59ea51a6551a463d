using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.TimeLimits;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace GasLedger.Projections.TimeLimits;

/// <summary>
/// 时限台账 — the time limits of each account (<see cref="AccountTimeLimits"/>), folded from its stream with the working
/// calendar in force. Async: built by the daemon behind the event log. When an administrator adds a year's official
/// holiday arrangement it is rebuilt, so due times that relied on a provisional year are recomputed.
/// </summary>
public sealed class TimeLimitProjection : SingleStreamProjection<AccountTimeLimits, Guid>
{
    public const string ProjectionName = "TimeLimits";

    private static readonly Type[] NotFollowed =
        [typeof(Domain.Supply.UsageRecorded), typeof(Domain.Callbacks.CallbackMade), typeof(Domain.Callbacks.RatingGiven)];

    private readonly Func<WorkingCalendar> _calendar;
    private readonly ServicePolicy _policy;

    public TimeLimitProjection(Func<WorkingCalendar> calendar, ServicePolicy policy)
    {
        _calendar = calendar;
        _policy = policy;
        Name = ProjectionName;
        Options.BatchSize = LedgerProjections.BatchSize;
        // The events no time limit follows (usage readings, callbacks, ratings) are not read at all: most of the log.
        foreach (var type in typeof(IAccountEvent).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }
                     && typeof(IAccountEvent).IsAssignableFrom(t) && !NotFollowed.Contains(t)))
            IncludeType(type);
    }

    /// <summary>The calendar in force, as the projection reads it for each event.</summary>
    public Func<WorkingCalendar> Calendar => _calendar;

    public override AccountTimeLimits? Evolve(AccountTimeLimits? snapshot, Guid id, IEvent e) =>
        e.Data is IAccountEvent accountEvent
            ? AccountTimeLimits.Follow(snapshot, id, accountEvent, e.Version, _calendar(), _policy)
            : snapshot;
}
