using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Complaints;

namespace GasLedger.Api.Complaints;

public sealed record ResolveComplaint : AccountCommand
{
    public string? By { get; init; }
    [Required, FreeText] public string? Resolution { get; init; }
}

/// <summary>投诉 — resolving a complaint.</summary>
public static class ResolveComplaintEndpoint
{
    public static ProblemDetails Validate(ResolveComplaint cmd) => Problems.Check(new FieldErrors().Require(cmd.Resolution, "resolution"));

    /// <summary>投诉 — resolve a complaint, with the resolution.</summary>
    /// <remarks>
    /// Resolved, with the resolution (R-CMP-4), after the reply or after a reopening. <c>by</c> defaults to the staff
    /// member recording it. 400 when <c>resolution</c> is missing. 404 when the account has no such complaint; 409 when
    /// the complaint is not replied or reopened, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/resolve"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, ResolveComplaint cmd, AccountStreams streams,
        CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.Resolve(account,
                new ComplaintResolved(complaintId, cmd.By ?? streams.StaffId, cmd.Resolution!.Trim(), at)), ct: ct);
}
