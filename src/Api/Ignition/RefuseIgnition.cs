using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Ignition;

namespace GasLedger.Api.Ignition;

public sealed record RefuseIgnition : AccountCommand
{
    public string? Technician { get; init; }
    [Required] public IgnitionRefusalReason? Reason { get; init; }
    [FreeText] public string? Note { get; init; }
}

/// <summary>通气点火 — a refused gas-on visit.</summary>
public static class RefuseIgnitionEndpoint
{
    public static ProblemDetails Validate(RefuseIgnition cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason"));

    /// <summary>通气点火 — record a gas-on visit that was refused, with its reason.</summary>
    /// <remarks>
    /// The gas-on visit was refused, with its reason (R-IGN-2); it closes the request, and the holder asks again once
    /// the cause is fixed. <c>technician</c> defaults to the staff member recording it. 400 when <c>reason</c> is
    /// missing. 409 when the account is not installed, or no gas-on request is open (R-IGN-1).
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/ignition/refuse"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, RefuseIgnition cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => IgnitionDecisions.Refuse(account,
            new IgnitionRefused(cmd.Technician ?? streams.StaffId, cmd.Reason!.Value, cmd.Note, at)), ct: ct);
}
