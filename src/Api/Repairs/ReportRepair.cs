using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Repairs;

namespace GasLedger.Api.Repairs;

public sealed record ReportRepair : AccountCommand
{
    /// <summary>A gas-leak emergency (报警) rather than a repair (报修).</summary>
    public bool Emergency { get; init; }
    [Required, FreeText] public string? Description { get; init; }
    public RepairLocation? Location { get; init; }
    public DateOnly? AppointmentDate { get; init; }

    /// <summary>R-REP-4: the holder (default), the city hotline 12345, another department, or found by staff at other work.</summary>
    public RepairSource? Source { get; init; }
}

public sealed record RepairAnswer(Guid AccountId, long Version, Guid RepairId) : CommandAnswer(AccountId, Version);

/// <summary>报修 / 报警 — reporting a repair.</summary>
public static class ReportRepairEndpoint
{
    public static ProblemDetails Validate(ReportRepair cmd) => Problems.Check(new FieldErrors().Require(cmd.Description, "description"));

    /// <summary>报修 / 报警 — report a repair, or a gas-leak emergency.</summary>
    /// <remarks>
    /// A repair (报修) or a gas-leak emergency (报警, <c>emergency</c>) is recorded (R-REP-1/2), with its location (default
    /// urban), its source (R-REP-4, default the holder) and any appointment date, once the holder's facilities are
    /// installed. 400 when <c>description</c> is
    /// missing. 409 when the account is not installed, active or suspended.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/repairs"), ProducesResponseType<RepairAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, ReportRepair cmd, AccountStreams streams, CancellationToken ct)
    {
        var repairId = Guid.CreateVersion7();
        return streams.Decide(accountId, cmd, (account, at) => RepairDecisions.Report(account,
                new RepairReported(repairId, cmd.Emergency, cmd.Description!.Trim(), cmd.Location ?? RepairLocation.Urban,
                    cmd.AppointmentDate, streams.StaffId, at, cmd.Source ?? RepairSource.Holder)),
            version => new RepairAnswer(accountId, version, repairId), StatusCodes.Status201Created, ct);
    }
}
