using GasLedger.Api.Accounts;
using GasLedger.Api.Security;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Complaints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace GasLedger.Api.Complaints;

public sealed record ReplyToComplaint : AccountCommand
{
    public string? By { get; init; }
    public string? Decision { get; init; }
}

public sealed record ResolveComplaint : AccountCommand
{
    public string? By { get; init; }
    public string? Resolution { get; init; }
}

public sealed record FollowUpComplaint : AccountCommand
{
    public string? By { get; init; }
    public SatisfactionLevel? Satisfaction { get; init; }
}

/// <summary><c>POST …/complaints/{complaintId}/reply</c>: the first reply and handling decision (R-CMP-4).</summary>
public static class ReplyToComplaintEndpoint
{
    public static ProblemDetails Validate(ReplyToComplaint cmd) => Problems.Check(new FieldErrors().Require(cmd.Decision, "decision"));

    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/reply"), Authorize(Roles = StaffRoles.ComplaintHandling)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, ReplyToComplaint cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.Reply(account, new ComplaintReplied(complaintId, cmd.By ?? streams.StaffId, cmd.Decision!.Trim(), at)), ct: ct);
}

/// <summary><c>POST …/complaints/{complaintId}/resolve</c>: resolved, with the resolution (R-CMP-4).</summary>
public static class ResolveComplaintEndpoint
{
    public static ProblemDetails Validate(ResolveComplaint cmd) => Problems.Check(new FieldErrors().Require(cmd.Resolution, "resolution"));

    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/resolve"), Authorize(Roles = StaffRoles.ComplaintHandling)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, ResolveComplaint cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.Resolve(account, new ComplaintResolved(complaintId, cmd.By ?? streams.StaffId, cmd.Resolution!.Trim(), at)), ct: ct);
}

/// <summary>
/// <c>POST …/complaints/{complaintId}/follow-up</c>: the holder satisfied or not; dissatisfied reopens the complaint
/// (R-CMP-5).
/// </summary>
public static class FollowUpComplaintEndpoint
{
    public static ProblemDetails Validate(FollowUpComplaint cmd) => Problems.Check(new FieldErrors().Require(cmd.Satisfaction, "satisfaction"));

    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/follow-up"), Authorize(Roles = StaffRoles.Callback)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, FollowUpComplaint cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            ComplaintDecisions.FollowUp(account, new ComplaintFollowedUp(complaintId, cmd.By ?? streams.StaffId, cmd.Satisfaction!.Value, at)), ct: ct);
}
