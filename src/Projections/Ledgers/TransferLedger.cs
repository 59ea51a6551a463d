using GasLedger.Domain;
using GasLedger.Domain.Transfers;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections.Ledgers;

/// <summary>
/// 过户台账 — one row per transfer (R-TRF-1). Holders appear by party id only: names and identity numbers stay in the
/// party records (R-ACC-4). <see cref="EventId"/> is the transfer's event id.
/// </summary>
public sealed record TransferRow
{
    public Guid EventId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset TransferredAt { get; init; }
    public Guid PreviousHolderPartyId { get; init; }
    public Guid NewHolderPartyId { get; init; }
    public PartyKind NewHolderKind { get; init; }
    public PaymentMethod PaymentMethod { get; init; }
    public string? BankName { get; init; }
    public string? BankLast4 { get; init; }
    public string RecordedBy { get; init; } = "";
}

public sealed partial class TransferLedgerProjection(SharedReads shared)
    : EventLedgerProjection<TransferRow>(shared, "TransferLedger", typeof(HolderTransferred))
{
    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        switch (e.Data)
        {
            case HolderTransferred x:
                var account = await LedgerAccount.Load(Shared, ops, e, ct);
                ops.Store(new TransferRow
                {
                    EventId = e.Id, AccountId = e.StreamId, AccountNumber = account.Number, District = account.District,
                    TransferredAt = x.OccurredAt, PreviousHolderPartyId = x.PreviousHolderPartyId, NewHolderPartyId = x.NewHolderPartyId,
                    NewHolderKind = x.NewHolderKind, PaymentMethod = x.PaymentMethod, BankName = x.Bank?.BankName,
                    BankLast4 = x.Bank?.CardLast4, RecordedBy = e.By(),
                });
                break;
        }
    }
}
