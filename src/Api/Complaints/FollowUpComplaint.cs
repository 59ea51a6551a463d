using GasLedger.Api.Security;
using GasLedger.Domain.Complaints;

namespace GasLedger.Api.Complaints;

public sealed record FollowUpComplaint : AccountCommand
{
    public string? By { get; init; }
    public SatisfactionLevel? Satisfaction { get; init; }
}

/// <summary>
/// <c>POST …/complaints/{complaintId}/follow-up</c>: the holder satisfied or not; dissatisfied reopens the complaint
/// (R-CMP-5).
/// </summary>
public static class FollowUpComplaintEndpoint
{
    public static ProblemDetails Validate(FollowUpComplaint cmd) =>
        Problems.Check(new FieldErrors().Require(cmd.Satisfaction, "satisfaction"));

    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/follow-up"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, FollowUpComplaint cmd, AccountStreams streams,
        CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.FollowUp(account,
                new ComplaintFollowedUp(complaintId, cmd.By ?? streams.StaffId, cmd.Satisfaction!.Value, at)), ct: ct);
}
