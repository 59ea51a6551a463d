using GasLedger.Domain;
using GasLedger.Domain.Ignition;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections.Ledgers;

/// <summary>How a gas-on visit ended (R-IGN-2).</summary>
public enum IgnitionOutcome { Completed, Refused }

/// <summary>
/// 通气点火台账 — one row per gas-on visit, completed or refused (R-IGN-2), with the request it answered (R-IGN-1) and
/// what was sold or charged on the visit (R-IGN-3). <see cref="EventId"/> is the visit's event id.
/// </summary>
public sealed record IgnitionRow
{
    public Guid EventId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";

    /// <summary>The event id of the request this visit answered: R-IGN-1 counts from it.</summary>
    public Guid? RequestEventId { get; init; }
    public DateTimeOffset? RequestedAt { get; init; }
    public DateOnly? RequestedFor { get; init; }

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset VisitAt { get; init; }
    public string Technician { get; init; } = "";
    public IgnitionOutcome Outcome { get; init; }
    public IgnitionRefusalReason? RefusalReason { get; init; }
    public string? RefusalNote { get; init; }
    public decimal? HoseLengthMeters { get; init; }
    public decimal? HosePrice { get; init; }
    public bool? HoseInvoiced { get; init; }
    public decimal? OtherChargeAmount { get; init; }
    public bool? OtherChargeInvoiced { get; init; }
    public string RecordedBy { get; init; } = "";
}

/// <summary>
/// One row per visit, with the account's latest gas-on request before it: read from the account's stream (a visit is
/// once or twice an account).
/// </summary>
public sealed partial class IgnitionLedgerProjection(SharedReads shared)
    : EventLedgerProjection<IgnitionRow>(shared, "IgnitionLedger", typeof(IgnitionCompleted), typeof(IgnitionRefused))
{
    protected override bool NeedsStream(IEvent e) => true;

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        if (!Follows(e)) return; // a composite member is handed every event of the batch
        if (Fold(e.Id, await Shared.Stream(ops, e, e.Version, ct)) is { } row) ops.Store(row);
    }

    /// <summary>The row of the visit <paramref name="visitId"/> (its event id), from the account's stream up to it.</summary>
    public static IgnitionRow? Fold(Guid visitId, IReadOnlyList<IEvent> stream)
    {
        IEvent? request = null;
        foreach (var e in stream)
        {
            if (e.Data is IgnitionRequested) request = e;
            if (e.Id != visitId) continue;

            var account = LedgerAccount.Of(stream);
            var row = new IgnitionRow
            {
                EventId = e.Id, AccountId = e.StreamId, AccountNumber = account.Number, District = account.District,
                RequestEventId = request?.Id, RequestedAt = request?.At(),
                RequestedFor = (request?.Data as IgnitionRequested)?.RequestedDate,
                VisitAt = e.At(), RecordedBy = e.By(),
            };
            return e.Data switch
            {
                IgnitionCompleted x => row with
                {
                    Technician = x.Technician, Outcome = IgnitionOutcome.Completed,
                    HoseLengthMeters = x.Hose?.LengthMeters, HosePrice = x.Hose?.Price, HoseInvoiced = x.Hose?.Invoiced,
                    OtherChargeAmount = x.Charge?.Amount, OtherChargeInvoiced = x.Charge?.Invoiced,
                },
                IgnitionRefused x => row with
                {
                    Technician = x.Technician, Outcome = IgnitionOutcome.Refused, RefusalReason = x.Reason, RefusalNote = x.Note
                },
                _ => null,
            };
        }
        return null;
    }
}
