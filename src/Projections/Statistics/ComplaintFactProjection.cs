using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Complaints;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections.Statistics;

/// <summary>
/// 投诉统计 — one row per complaint (<see cref="ComplaintFact"/>) with the account's district and category: what the
/// complaint statistics sum (the API's running sums per day × district × category × complaint category × channel).
/// Keyed by complaint.
/// </summary>
public sealed record ComplaintFactRow
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string District { get; init; } = "";
    public CustomerCategory AccountCategory { get; init; }
    public DateOnly Filed { get; init; }
    public ComplaintCategory Category { get; init; }
    public ComplaintChannel Channel { get; init; }
    public bool Replied { get; init; }
    public bool RepliedInTime { get; init; }
    public bool DecidedInTime { get; init; }
    public bool Reopened { get; init; }
    public bool Repeat { get; init; }
}

/// <summary>
/// Async member of <c>ReadModels</c>: on a complaint filed, first replied or reopened, the account is read from its
/// stream up to the event and the facts of all its complaints written again (<see cref="ComplaintFacts.Of"/>; a row
/// that has not changed changes no sum). Of a batch's events of one account only the last is folded.
/// </summary>
public sealed class ComplaintFactProjection : ReadModelMember
{
    private readonly Func<WorkingCalendar> _calendar;

    public ComplaintFactProjection(ServicePolicy policy, SharedReads shared, Func<WorkingCalendar> calendar)
        : base(policy, shared, [typeof(ComplaintFiled), typeof(ComplaintReplied), typeof(ComplaintReopened)], typeof(ComplaintFactRow))
    {
        _calendar = calendar;
        Name = "ComplaintFacts";
        Options.DeleteViewTypeOnTeardown<ComplaintFactRow>();
    }

    // The daemon hands every event of a batch to each member of the composite: only these change a complaint's facts.
    private static bool Counts(IEvent e) => e.Data is ComplaintFiled or ComplaintReplied or ComplaintReopened;

    public override Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> batch, CancellationToken ct)
    {
        var events = batch.Where(Counts).ToArray();
        NoteLastOfBatch(events);
        return Shared.Enrich(session, events, streams: true, ct);
    }

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        if (!Counts(e)) return;
        if (Superseded(e)) return; // a later event of the batch writes the account
        var stream = await Shared.Stream(ops, e, e.Version, ct);
        if (stream is not [{ Data: ApplicationSubmitted application }, ..]) return;
        ops.Store(ComplaintFacts.Of(stream.Select(x => (IAccountEvent)x.Data), _calendar(), Policy).Select(f => new ComplaintFactRow
        {
            Id = f.ComplaintId, AccountId = e.StreamId, District = application.Address.District, AccountCategory = application.Category,
            Filed = f.Filed, Category = f.Category, Channel = f.Channel, Replied = f.Replied, RepliedInTime = f.RepliedInTime,
            DecidedInTime = f.DecidedInTime, Reopened = f.Reopened, Repeat = f.Repeat,
        }).ToArray());
    }
}

public static class ComplaintFactDocuments
{
    /// <summary>Read only through their running sums; the account's rows found by its id.</summary>
    public static StoreOptions AddComplaintFactDocuments(this StoreOptions opts)
    {
        opts.Schema.For<ComplaintFactRow>().Duplicate(f => f.AccountId);
        return opts;
    }
}
