using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Parties;
using GasLedger.Domain.Complaints;
using Marten;
using Npgsql;

namespace GasLedger.Api.Complaints;

public sealed record AcknowledgeComplaint : AccountCommand
{
    public string? By { get; init; }
}

public sealed record AssignComplaint : AccountCommand
{
    [Required] public string? Department { get; init; }
    public string? By { get; init; }
}

public sealed record ReportComplaintProgress : AccountCommand
{
    [Required, FreeText] public string? Note { get; init; }
    public DateOnly? ExpectedResolution { get; init; }
    public string? By { get; init; }
}

public sealed record SendResultNotice : AccountCommand
{
    [Required] public ResultNoticeChannel? Channel { get; init; }
    public string? By { get; init; }
}

public sealed record VerifyComplaint : AccountCommand
{
    [Required] public ComplaintVerification? Verification { get; init; }
    public string? By { get; init; }
}

public sealed record PayConductReward : AccountCommand
{
    public string? PaidBy { get; init; }
}

/// <summary>Who did a step: the staff member named, else the one recording it.</summary>
internal static class Who
{
    public static string Of(string? named, AccountStreams streams) => string.IsNullOrWhiteSpace(named) ? streams.StaffId : named.Trim();
}

/// <summary>The complainant of a complaint who is not the holder (R-CMP-7), as the complaint desks see them (R-CMP-8).</summary>
public sealed record ComplainantView(Guid PartyId, string? Name, string? Phone, bool Erased);

/// <summary>受理回复 — acknowledging a complaint (R-CMP-7).</summary>
public static class AcknowledgeComplaintEndpoint
{
    /// <summary>受理回复 — acknowledge a complaint to the complainant.</summary>
    /// <remarks>
    /// The complaint acknowledged (R-CMP-7: within 48 hours, R-CMP-4), a step of its own before the handling decision
    /// (<c>…/reply</c>); it meets the reply and first-responder time limits. The body may be empty. 404 when the account
    /// has no such complaint; 409 when it is acknowledged already this round, or past its reply.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/acknowledge"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, AcknowledgeComplaint? cmd,
        AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd ?? new AcknowledgeComplaint(), (account, at) => ComplaintHandlingDecisions.Acknowledge(account,
            new ComplaintAcknowledged(complaintId, Who.Of(cmd?.By, streams), at)), ct: ct);
}

/// <summary>转交 — assigning a complaint to a department (R-CMP-7).</summary>
public static class AssignComplaintEndpoint
{
    public static ProblemDetails Validate(AssignComplaint cmd) => Problems.Check(new FieldErrors().Require(cmd.Department, "department")
        .When(cmd.Department?.Trim().Length > 60, "department", "may be at most 60 characters."));

    /// <summary>转交 — assign a complaint to the department responsible.</summary>
    /// <remarks>
    /// The complaint goes to the department responsible for it (R-CMP-7), or moves to another. 400 when
    /// <c>department</c> is missing. 404 for no such complaint; 409 when it is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/assign"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, AssignComplaint cmd,
        AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => ComplaintHandlingDecisions.Assign(account,
            new ComplaintAssigned(complaintId, cmd.Department!.Trim(), Who.Of(cmd.By, streams), at)), ct: ct);
}

/// <summary>进展反馈 — progress of a complaint told to the complainant (R-CMP-7).</summary>
public static class ReportComplaintProgressEndpoint
{
    public static ProblemDetails Validate(ReportComplaintProgress cmd) => Problems.Check(new FieldErrors().Require(cmd.Note, "note")
        .When(cmd.Note?.Length > 1000, "note", "may be at most 1000 characters."));

    /// <summary>进展反馈 — tell the complainant the progress and the expected resolution date.</summary>
    /// <remarks>
    /// Progress of a complaint not yet resolved, told to the complainant with the expected resolution date (R-CMP-7). 400
    /// when <c>note</c> is missing or the expected date is before the day. 404 for no such complaint; 409 when it is
    /// resolved or closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/progress"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, ReportComplaintProgress cmd,
        AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => ComplaintHandlingDecisions.Progress(account, new ComplaintProgressed(complaintId,
            cmd.Note!.Trim(), cmd.ExpectedResolution, Who.Of(cmd.By, streams), at), streams.Policy), ct: ct);
}

/// <summary>处理结果通知书 — the written result notice (R-CMP-7).</summary>
public static class SendResultNoticeEndpoint
{
    public static ProblemDetails Validate(SendResultNotice cmd) => Problems.Check(new FieldErrors().Require(cmd.Channel, "channel"));

    /// <summary>处理结果通知书 — record the result notice sent to the complainant.</summary>
    /// <remarks>
    /// The written result notice sent to the complainant once the complaint is resolved (R-CMP-7), by letter, SMS, in
    /// person or e-mail. 400 when <c>channel</c> is missing. 404 for no such complaint; 409 when it is not resolved or the
    /// notice was sent already.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/result-notice"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, SendResultNotice cmd,
        AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => ComplaintHandlingDecisions.SendResultNotice(account, new ComplaintResultNoticeSent(
            complaintId, cmd.Channel!.Value, Who.Of(cmd.By, streams), at)), ct: ct);
}

/// <summary>核实 — verifying a complaint (R-CMP-8).</summary>
public static class VerifyComplaintEndpoint
{
    public static ProblemDetails Validate(VerifyComplaint cmd) =>
        Problems.Check(new FieldErrors().Require(cmd.Verification, "verification"));

    /// <summary>核实 — record what the verification of a complaint found.</summary>
    /// <remarks>
    /// Every complaint is verified (R-CMP-8): proven, partly proven or unfounded, once. 400 when <c>verification</c> is
    /// missing. 404 for no such complaint; 409 when it was verified already.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/verify"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, VerifyComplaint cmd,
        AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => ComplaintHandlingDecisions.Verify(account, new ComplaintVerified(complaintId,
            cmd.Verification!.Value, Who.Of(cmd.By, streams), at)), ct: ct);
}

/// <summary>举报奖励 — the reward of a proven conduct report (R-INT-1, R-CMP-8).</summary>
public static class PayConductRewardEndpoint
{
    /// <summary>举报奖励 — record the reward paid to the reporter of a proven conduct complaint.</summary>
    /// <remarks>
    /// A report of staff taking favours that proved true earns its reporter the reward (R-INT-1: 200 CNY, a setting of the
    /// policy), recorded as paid, once (R-CMP-8). The body may be empty. 404 for no such complaint; 409 when it is not a
    /// conduct complaint verified as proven, or the reward was paid already.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints/{complaintId}/reward"),
     ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid complaintId, PayConductReward? cmd,
        AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd ?? new PayConductReward(), (account, at) => ComplaintHandlingDecisions.PayReward(account,
            new ConductRewardPaid(complaintId, 0m, Who.Of(cmd?.PaidBy, streams), at), streams.Policy), ct: ct);
}

/// <summary>投诉人 — who complained, for the desks that handle complaints (R-CMP-7/8).</summary>
public static class GetComplainantEndpoint
{
    /// <summary>投诉人 — the complainant of a complaint who is not the holder.</summary>
    /// <remarks>
    /// The name and phone of the person who complained when it was not the holder (R-CMP-7), in full: only the desks that
    /// handle complaints may read it (R-CMP-8: the reporter's identity is kept confidential), and each read is written to
    /// the access log (R-INT-2). 404 when the account has no such complaint, or its complainant is the holder.
    /// </remarks>
    [WolverineGet("/api/accounts/{accountId}/complaints/{complaintId}/complainant"),
     ProducesResponseType<ComplainantView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid accountId, Guid complaintId, HttpContext http, IQuerySession session, NpgsqlDataSource db,
        PartyVault vault, TimeProvider clock, CancellationToken ct)
    {
        var filed = (await session.Events.FetchStreamAsync(accountId, token: ct)).Select(e => e.Data).OfType<ComplaintFiled>()
            .FirstOrDefault(f => f.ComplaintId == complaintId);
        if (filed is null) return Problems.NotFound($"Account {accountId} has no complaint {complaintId}.");
        if (filed.ComplainantPartyId is not { } partyId)
            return Problems.NotFound($"The complainant of complaint {filed.ComplaintNumber} is the holder.");
        var record = await session.LoadAsync<PartyRecord>(partyId, ct);
        var person = record is null ? null : vault.Unlock(record);
        await AccessLog.Write(db, AccessLog.Entry(http.User, clock.GetUtcNow(), AccessLog.Read, partyId, accountId,
            "/api/accounts/{accountId}/complaints/{complaintId}/complainant"), ct);
        return Results.Ok(new ComplainantView(partyId, person?.Name, person?.Phone, person is null));
    }
}
