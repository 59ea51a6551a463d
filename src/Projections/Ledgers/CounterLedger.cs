using GasLedger.Domain;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Counter;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections.Ledgers;

/// <summary>
/// 柜台业务台账 — one row per counter transaction (R-ACC-7, R-APP-4/5): an account opened at the counter, a transfer, a
/// bill paid, a card topped up there, a direct debit set up or a payment method changed, a bill query, a contact change,
/// a meter replaced, an IC card issued again. Each keeps its handling minutes where measured, against the commitment
/// of its kind (<see cref="ServicePolicy.CounterCommitmentMinutes"/>), and the counter that did it. No personal data:
/// a contact change names the fields that changed, a bank card its last four digits.
/// </summary>
public sealed record CounterRow
{
    public Guid EventId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";

    /// <summary>The main date of this ledger: when the transaction was done.</summary>
    public DateTimeOffset HandledAt { get; init; }
    public CounterTransaction Transaction { get; init; }
    public int? HandlingMinutes { get; init; }
    public int? CommitmentMinutes { get; init; }

    /// <summary>Whether it was done within its commitment; empty where not measured or there is none.</summary>
    public bool? WithinCommitment { get; init; }

    /// <summary>The counter (window of a service hall) that did it, where recorded.</summary>
    public string? Counter { get; init; }
    public decimal? Amount { get; init; }

    /// <summary>What the transaction was: the fields of a contact change, the new meter's serial, the bank's name …</summary>
    public string? Detail { get; init; }
    public string RecordedBy { get; init; } = "";
}

public sealed partial class CounterLedgerProjection(ServicePolicy policy, SharedReads shared) : EventLedgerProjection<CounterRow>(shared,
    "CounterLedger", typeof(ApplicationSubmitted), typeof(HolderTransferred), typeof(UsageRecorded), typeof(BillPaid),
    typeof(BillQueried), typeof(ContactChanged), typeof(PaymentMethodChanged), typeof(MeterReplaced), typeof(IcCardReissued))
{
    /// <summary>Only what was done at the counter: applications through it, purchases it recorded; usage readings are most of the log.</summary>
    protected override bool MakesRow(IEvent e) => Transaction(e.Data) is not null;

    /// <summary>The counter transaction an event records, with its minutes, counter, amount and detail; null for none.</summary>
    public static (CounterTransaction Kind, int? Minutes, string? Counter, decimal? Amount, string? Detail)? Transaction(object data) =>
        data switch
        {
            ApplicationSubmitted { Channel: ApplicationChannel.Counter } a =>
                (a.MeterType == MeterType.IcCard ? CounterTransaction.OpenIcCardAccount : CounterTransaction.OpenAccount,
                    a.HandlingMinutes, null, null, null),
            HolderTransferred t => (CounterTransaction.Transfer, t.HandlingMinutes, null, null, null),
            UsageRecorded { Kind: UsageKind.IcPurchase } u when u.HandlingMinutes is not null || u.Counter is not null =>
                (CounterTransaction.CardTopUp, u.HandlingMinutes, u.Counter, u.Amount, null),
            BillPaid b => (CounterTransaction.BillPayment, b.HandlingMinutes, b.Counter, b.Amount, b.BillMonth),
            BillQueried q => (CounterTransaction.BillQuery, q.HandlingMinutes, q.Counter, null, q.BillMonth),
            ContactChanged c => (CounterTransaction.ContactChange, c.HandlingMinutes, c.Counter, null, string.Join(",", c.Changed)),
            PaymentMethodChanged p => (CounterDecisions.KindOf(p), p.HandlingMinutes, p.Counter, null,
                GasLedger.Domain.Accounts.WireNames.Of(p.PaymentMethod.ToString()) + (p.Bank is { } bank ? $" {bank.BankName} {bank.CardLast4}" : "")),
            MeterReplaced m => (CounterTransaction.MeterReplacement, m.HandlingMinutes, m.Counter, null, $"{m.OldSerial} → {m.NewSerial}"),
            IcCardReissued r => (CounterTransaction.IcCardReissue, r.HandlingMinutes, r.Counter, r.Fee,
                GasLedger.Domain.Accounts.WireNames.Of(r.Reason.ToString())),
            _ => null,
        };

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        if (Transaction(e.Data) is not { } t) return;
        var account = await LedgerAccount.Load(Shared, ops, e, ct);
        var commitment = policy.CounterCommitmentMinutes(t.Kind);
        ops.Store(new CounterRow
        {
            EventId = e.Id, AccountId = e.StreamId, AccountNumber = account.Number, District = account.District, HandledAt = e.At(),
            Transaction = t.Kind, HandlingMinutes = t.Minutes, CommitmentMinutes = commitment,
            WithinCommitment = t.Minutes is { } minutes && commitment is { } limit ? minutes <= limit : null,
            Counter = t.Counter, Amount = t.Amount, Detail = t.Detail, RecordedBy = e.By(),
        });
    }
}
