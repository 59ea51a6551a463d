using GasLedger.Domain;
using GasLedger.Domain.Callbacks;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections.Ledgers;

/// <summary>
/// 回访台账 — one row per callback (R-CB-2): kind, who called, the work it follows, reached or not, satisfaction, an
/// irregular charge reported (R-CB-4), opinions and needs. The monthly callback ledger (R-CB-3) is this, by month.
/// </summary>
public sealed record CallbackRow
{
    public Guid CallbackId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";
    public CallbackKind Kind { get; init; }
    public string Staff { get; init; } = "";

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset CalledAt { get; init; }

    /// <summary>The inspection, repair, complaint … the callback follows.</summary>
    public Guid? FollowsWorkId { get; init; }
    public bool Reached { get; init; }
    public SatisfactionLevel? Satisfaction { get; init; }
    public bool IrregularChargeReported { get; init; }
    public string? IrregularChargeDetail { get; init; }
    public string? Opinions { get; init; }

    /// <summary>R-CB-7: the holder's needs or suggestions.</summary>
    public string? Needs { get; init; }

    /// <summary>R-CB-6: made on a day that is not a working day (no callbacks on holidays): allowed, and flagged.</summary>
    public bool OnNonWorkingDay { get; init; }
    public string RecordedBy { get; init; } = "";
}

public sealed partial class CallbackLedgerProjection(SharedReads shared, Func<GasLedger.Domain.Calendar.WorkingCalendar> calendar, ServicePolicy policy)
    : EventLedgerProjection<CallbackRow>(shared, "CallbackLedger", typeof(CallbackMade))
{
    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        switch (e.Data)
        {
            case CallbackMade x:
                var account = await LedgerAccount.Load(Shared, ops, e, ct);
                ops.Store(new CallbackRow
                {
                    CallbackId = x.CallbackId, AccountId = e.StreamId, AccountNumber = account.Number, District = account.District,
                    Kind = x.Kind, Staff = x.Staff, CalledAt = x.OccurredAt, FollowsWorkId = x.FollowsWorkId, Reached = x.Reached,
                    Satisfaction = x.Satisfaction, IrregularChargeReported = x.IrregularChargeReported,
                    IrregularChargeDetail = x.IrregularChargeDetail, Opinions = x.Opinions, Needs = x.Needs,
                    OnNonWorkingDay = !calendar().IsWorkingDay(policy.LocalDate(x.OccurredAt)), RecordedBy = e.By(),
                });
                break;
        }
    }
}
