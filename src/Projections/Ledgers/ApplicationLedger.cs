using GasLedger.Domain;
using GasLedger.Domain.Applications;
using JasperFx.Events;

namespace GasLedger.Projections.Ledgers;

/// <summary>报装台账 — one row per account: the application (R-APP-1) and its fee and invoice (R-APP-3).</summary>
public sealed record ApplicationRow : ILedgerRow
{
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";
    public string Community { get; init; } = "";
    public string Building { get; init; } = "";
    public string? Unit { get; init; }
    public string? Room { get; init; }
    public CustomerCategory Category { get; init; }
    public BuildingType? BuildingType { get; init; }
    public MeterType MeterType { get; init; }
    public PaymentMethod PaymentMethod { get; init; }
    public ApplicationChannel Channel { get; init; }
    public ApplicationNature Nature { get; init; }
    public ApplicationPriority Priority { get; init; }
    public bool SpecialCare { get; init; }
    public string? Remarks { get; init; }

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset AppliedAt { get; init; }
    public string RecordedBy { get; init; } = "";

    public decimal? FeeAmount { get; init; }
    public string? FeeInvoiceNumber { get; init; }

    /// <summary>The fee invoice's date, or for a collective application the invoice date on record (R-APP-2 (6)).</summary>
    public DateOnly? InvoiceDate { get; init; }
    public DateTimeOffset? FeePaidAt { get; init; }
    public string? FeeRecordedBy { get; init; }
}

public sealed class ApplicationLedgerProjection(SharedReads shared)
    : WorkLedgerProjection<ApplicationRow>(shared, "ApplicationLedger", typeof(ApplicationSubmitted), typeof(ApplicationFeePaid))
{
    public override Guid? WorkOf(IEvent e) => e.Data switch
    {
        ApplicationSubmitted or ApplicationFeePaid => e.StreamId,
        _ => null,
    };

    public override Guid IdOf(ApplicationRow row) => row.AccountId;

    public override ApplicationRow? Apply(ApplicationRow? row, IEvent e, LedgerAccount account) => e.Data switch
    {
        ApplicationSubmitted x => new ApplicationRow
        {
            AccountId = e.StreamId, AccountNumber = x.AccountNumber, District = x.Address.District,
            Community = x.Address.Community, Building = x.Address.Building, Unit = x.Address.Unit, Room = x.Address.Room,
            Category = x.Category, BuildingType = x.BuildingType, MeterType = x.MeterType, PaymentMethod = x.PaymentMethod,
            Channel = x.Channel, Nature = x.Nature, Priority = x.Priority, SpecialCare = x.SpecialCare, Remarks = x.Remarks,
            AppliedAt = x.OccurredAt, RecordedBy = e.By(), InvoiceDate = x.InvoiceDate,
        },
        ApplicationFeePaid x when row is not null => row with
        {
            FeeAmount = x.Amount, FeeInvoiceNumber = x.InvoiceNumber, InvoiceDate = x.InvoiceDate, FeePaidAt = x.OccurredAt,
            FeeRecordedBy = e.By(),
        },
        _ => row,
    };
}
