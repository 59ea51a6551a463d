using GasLedger.Api.Security;
using GasLedger.Domain.Complaints;

namespace GasLedger.Api.Complaints;

public sealed record ResolveComplaint : AccountCommand
{
    public string? By { get; init; }
    [FreeText] public string? Resolution { get; init; }
}

/// <summary><c>POST …/complaints/{complaintId}/resolve</c>: resolved, with the resolution (R-CMP-4).</summary>
public static class ResolveComplaintEndpoint
{
    public static ProblemDetails Validate(ResolveComplaint cmd) => Problems.Check(new FieldErrors().Require(cmd.Resolution, "resolution"));

    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/resolve"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, ResolveComplaint cmd, AccountStreams streams,
        CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.Resolve(account,
                new ComplaintResolved(complaintId, cmd.By ?? streams.StaffId, cmd.Resolution!.Trim(), at)), ct: ct);
}
