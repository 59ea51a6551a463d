using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Installation;

namespace GasLedger.Api.Installation;

public sealed record ScheduleInstallation : AccountCommand
{
    [Required] public InstallationKind? Kind { get; init; }
    [Required] public DateOnly? AppointmentDate { get; init; }
}

/// <summary>安装 — scheduling the installation.</summary>
public static class ScheduleInstallationEndpoint
{
    public static ProblemDetails Validate(ScheduleInstallation cmd) =>
        Problems.Check(new FieldErrors().Require(cmd.Kind, "kind").Require(cmd.AppointmentDate, "appointmentDate"));

    /// <summary>安装 — schedule the installation: survey done, date agreed.</summary>
    /// <remarks>
    /// Survey done, date agreed (R-INS-1); it may be rescheduled until the installation is completed. Not before the
    /// application fee is paid, or a collective invoice is on record (R-APP-3). 400 when <c>kind</c> or
    /// <c>appointmentDate</c> is missing, or the date is before the day it is agreed. 409 when the account is not
    /// applied or installing, or the fee is not settled.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/installation/schedule"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, ScheduleInstallation cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => InstallationDecisions.Schedule(account,
            new InstallationScheduled(cmd.Kind!.Value, cmd.AppointmentDate!.Value, at), streams.Policy), ct: ct);
}
