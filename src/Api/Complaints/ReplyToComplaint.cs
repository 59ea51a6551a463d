using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Complaints;

namespace GasLedger.Api.Complaints;

public sealed record ReplyToComplaint : AccountCommand
{
    public string? By { get; init; }
    [Required, FreeText] public string? Decision { get; init; }
}

/// <summary>投诉 — the reply to a complaint.</summary>
public static class ReplyToComplaintEndpoint
{
    public static ProblemDetails Validate(ReplyToComplaint cmd) => Problems.Check(new FieldErrors().Require(cmd.Decision, "decision"));

    /// <summary>投诉 — reply to a complaint with the handling decision.</summary>
    /// <remarks>
    /// The first reply and handling decision (R-CMP-4), for a complaint that is open or reopened. <c>by</c> defaults to
    /// the staff member recording it. 400 when <c>decision</c> is missing. 404 when the account has no such complaint;
    /// 409 when the complaint is not open or reopened, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/reply"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, ReplyToComplaint cmd, AccountStreams streams,
        CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.Reply(account,
                new ComplaintReplied(complaintId, cmd.By ?? streams.StaffId, cmd.Decision!.Trim(), at)), ct: ct);
}
