using GasLedger.Api.Security;
using GasLedger.Domain.Installation;

namespace GasLedger.Api.Installation;

public sealed record ScheduleInstallation : AccountCommand
{
    public InstallationKind? Kind { get; init; }
    public DateOnly? AppointmentDate { get; init; }
}

/// <summary>安装 — <c>POST …/installation/schedule</c>: survey done, date agreed (R-INS-1, R-APP-3).</summary>
public static class ScheduleInstallationEndpoint
{
    public static ProblemDetails Validate(ScheduleInstallation cmd) =>
        Problems.Check(new FieldErrors().Require(cmd.Kind, "kind").Require(cmd.AppointmentDate, "appointmentDate"));

    [WolverinePost("/api/accounts/{accountId}/installation/schedule"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, ScheduleInstallation cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => InstallationDecisions.Schedule(account,
            new InstallationScheduled(cmd.Kind!.Value, cmd.AppointmentDate!.Value, at), streams.Policy), ct: ct);
}
