using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Complaints;

namespace GasLedger.Api.Complaints;

public sealed record FollowUpComplaint : AccountCommand
{
    public string? By { get; init; }
    [Required] public SatisfactionLevel? Satisfaction { get; init; }
}

/// <summary>投诉 — the follow-up of a resolved complaint.</summary>
public static class FollowUpComplaintEndpoint
{
    public static ProblemDetails Validate(FollowUpComplaint cmd) =>
        Problems.Check(new FieldErrors().Require(cmd.Satisfaction, "satisfaction"));

    /// <summary>投诉 — follow up a resolved complaint: is the holder satisfied?</summary>
    /// <remarks>
    /// The holder, asked after the resolution, is satisfied or not (R-CMP-5): dissatisfied reopens the complaint to be
    /// handled again; anything else closes it. <c>by</c> defaults to the staff member recording it. 400 when
    /// <c>satisfaction</c> is missing. 404 when the account has no such complaint; 409 when the complaint is not
    /// resolved, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/follow-up"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, FollowUpComplaint cmd, AccountStreams streams,
        CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.FollowUp(account,
                new ComplaintFollowedUp(complaintId, cmd.By ?? streams.StaffId, cmd.Satisfaction!.Value, at)), ct: ct);
}
