namespace GasLedger.Domain.Installation;

/// <summary>安装 — site surveyed (现场勘查), plan confirmed with the holder and a date agreed (R-INS-1).</summary>
public sealed record InstallationScheduled(InstallationKind Kind, DateOnly AppointmentDate, DateTimeOffset OccurredAt)
    : Accounts.IAccountEvent;

/// <summary>安装验收 — installed and accepted (R-INS-3), with what the callback later checks (R-CB-4).</summary>
public sealed record InstallationCompleted(
    string Installer,
    string MeterSerial,
    decimal PipeLengthMeters,
    decimal OverLengthCharge,
    string? Materials,
    DateTimeOffset OccurredAt) : Accounts.IAccountEvent;
