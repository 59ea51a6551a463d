using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Satisfaction;
using GasLedger.Domain;
using GasLedger.Projections.Callbacks;
using GasLedger.Projections;
using JasperFx.Events;
using Marten.Events.Projections;
using Marten;

namespace GasLedger.Projections.Satisfaction;

/// <summary>
/// Builds the satisfaction observations (R-SAT-1..3), one document per observation: callbacks that reached the holder
/// with a satisfaction, technician ratings, counter keypad evaluations and complaint follow-ups
/// (<see cref="Observations.Of"/> says which and how each is scored and attributed). Async. Everything comes from the
/// events: business time, the account's history before the event (for the work a callback follows), and the district
/// fixed at application; so a rebuild gives the same documents.
/// </summary>
public sealed class SatisfactionIndexProjection(ServicePolicy policy, SharedReads shared) : ReadModelMember(policy, shared,
    [typeof(CallbackMade), typeof(RatingGiven), typeof(ComplaintFollowedUp)],
    typeof(SatisfactionObservation))
{
    /// <summary>A callback's observation is attributed to the work before it, and a follow-up's to the complaint's resolver.</summary>
    private static bool NeedsHistory(IEvent e) => e.Data is CallbackMade { Reached: true, Satisfaction: not null } or ComplaintFollowedUp;

    /// <summary>
    /// The batch's account facts, and the streams of the accounts whose observations need their history, read once for
    /// the batch (<see cref="BatchReads"/>).
    /// </summary>
    public override Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        Shared.Enrich(session, events, NeedsHistory, ct);

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        IReadOnlyList<StreamEvent> before;
        switch (e.Data)
        {
            case CallbackMade or ComplaintFollowedUp when NeedsHistory(e):
                before = await AccountHistory.Before(Shared, ops, e, ct);
                break;
            case RatingGiven:
                before = [];
                break;
            default:
                return;
        }

        var observations = Observations.All((Domain.Accounts.IAccountEvent)e.Data, before, Policy);
        if (observations.Count == 0 || await Shared.Account(ops, e, ct) is not { } account) return;
        foreach (var o in observations)
        {
            // One row an event, or one a question it answered (R-CB-7).
            var date = Policy.LocalDate(o.OccurredAt);
            ops.Store(new SatisfactionObservation(o.Question is { } q ? $"{e.Id}:{Domain.Accounts.WireNames.Of(q.ToString())}" : e.Id.ToString(),
                account.Id, account.Number, account.Address.District, o.Source, o.Score, o.Level, o.Stage, o.Staff, o.WorkId, o.CallbackKind,
                o.OccurredAt, Dates.Text(date), Dates.Month(date), o.Question));
        }
    }
}
