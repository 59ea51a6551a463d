using GasLedger.Api.Security;
using GasLedger.Domain.Complaints;

namespace GasLedger.Api.Complaints;

public sealed record ReplyToComplaint : AccountCommand
{
    public string? By { get; init; }
    [FreeText] public string? Decision { get; init; }
}

/// <summary><c>POST …/complaints/{complaintId}/reply</c>: the first reply and handling decision (R-CMP-4).</summary>
public static class ReplyToComplaintEndpoint
{
    public static ProblemDetails Validate(ReplyToComplaint cmd) => Problems.Check(new FieldErrors().Require(cmd.Decision, "decision"));

    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/reply"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, ReplyToComplaint cmd, AccountStreams streams,
        CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.Reply(account,
                new ComplaintReplied(complaintId, cmd.By ?? streams.StaffId, cmd.Decision!.Trim(), at)), ct: ct);
}
