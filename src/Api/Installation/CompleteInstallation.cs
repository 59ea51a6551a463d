using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Installation;

namespace GasLedger.Api.Installation;

public sealed record CompleteInstallation : AccountCommand
{
    /// <summary>Who installed; default the staff member recording it.</summary>
    public string? Installer { get; init; }
    [Required] public string? MeterSerial { get; init; }
    [Required] public decimal? PipeLengthMeters { get; init; }
    public decimal? OverLengthCharge { get; init; }
    [FreeText] public string? Materials { get; init; }
}

/// <summary>安装验收 — completing the installation.</summary>
public static class CompleteInstallationEndpoint
{
    public static ProblemDetails Validate(CompleteInstallation cmd, ServicePolicy policy) => Problems.Check(new FieldErrors()
        .Require(cmd.MeterSerial, "meterSerial").Require(cmd.PipeLengthMeters, "pipeLengthMeters")
        .When(cmd.PipeLengthMeters <= 0, "pipeLengthMeters", "must be more than zero.")
        .InRange(cmd.PipeLengthMeters, "pipeLengthMeters", 0m, policy.MaxPipeLengthMeters, "m")
        .Amount(cmd.OverLengthCharge, "overLengthCharge", policy));

    /// <summary>安装验收 — record the installation completed and accepted.</summary>
    /// <remarks>
    /// Installed and accepted (R-INS-3): the installer (default the staff member recording it), meter serial, pipe
    /// length, materials and any over-length pipe charge, which the later callback checks against (R-CB-4). 400 when
    /// <c>meterSerial</c> or <c>pipeLengthMeters</c> is missing, the pipe length is not more than zero or above the
    /// policy's maximum, or the charge is out of range. 409 when the account is not installing, or the installation was
    /// not scheduled.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/installation/complete"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, CompleteInstallation cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => InstallationDecisions.Complete(account,
            new InstallationCompleted(cmd.Installer ?? streams.StaffId, cmd.MeterSerial!.Trim(), cmd.PipeLengthMeters!.Value,
                cmd.OverLengthCharge ?? 0, cmd.Materials, at)), ct: ct);
}
