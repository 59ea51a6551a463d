using GasLedger.Domain;
using GasLedger.Domain.Installation;
using JasperFx.Events;

namespace GasLedger.Projections.Ledgers;

/// <summary>安装台账 — one row per account: survey and date agreed (R-INS-1), completion and what was charged (R-INS-3).</summary>
public sealed record InstallationRow : ILedgerRow
{
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";
    public InstallationKind Kind { get; init; }
    public DateOnly AppointmentDate { get; init; }

    /// <summary>The main date of this ledger: when the installation was (last) scheduled.</summary>
    public DateTimeOffset ScheduledAt { get; init; }

    /// <summary>1, or more when the date was agreed again.</summary>
    public int TimesScheduled { get; init; }
    public string ScheduledBy { get; init; } = "";
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Installer { get; init; }
    public string? MeterSerial { get; init; }
    public decimal? PipeLengthMeters { get; init; }
    public decimal? OverLengthCharge { get; init; }
    public string? Materials { get; init; }
    public string? CompletionRecordedBy { get; init; }
}

public sealed class InstallationLedgerProjection(SharedReads shared)
    : WorkLedgerProjection<InstallationRow>(shared, "InstallationLedger", typeof(InstallationScheduled), typeof(InstallationCompleted))
{
    public override Guid? WorkOf(IEvent e) => e.Data switch
    {
        InstallationScheduled or InstallationCompleted => e.StreamId,
        _ => null,
    };

    public override Guid IdOf(InstallationRow row) => row.AccountId;

    public override InstallationRow? Apply(InstallationRow? row, IEvent e, LedgerAccount account) => e.Data switch
    {
        InstallationScheduled x =>
            (row ?? new InstallationRow { AccountId = e.StreamId, AccountNumber = account.Number, District = account.District }) with
            {
                Kind = x.Kind, AppointmentDate = x.AppointmentDate, ScheduledAt = x.OccurredAt,
                TimesScheduled = (row?.TimesScheduled ?? 0) + 1, ScheduledBy = e.By(),
            },
        InstallationCompleted x when row is not null => row with
        {
            CompletedAt = x.OccurredAt, Installer = x.Installer, MeterSerial = x.MeterSerial, PipeLengthMeters = x.PipeLengthMeters,
            OverLengthCharge = x.OverLengthCharge, Materials = x.Materials, CompletionRecordedBy = e.By(),
        },
        _ => row,
    };
}
