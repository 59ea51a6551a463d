using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Hosting;
using GasLedger.Api.Security;
using GasLedger.Domain.Complaints;

namespace GasLedger.Api.Complaints;

public sealed record FileComplaint : AccountCommand
{
    [Required] public ComplaintChannel? Channel { get; init; }
    [Required] public ComplaintCategory? Category { get; init; }
    public ComplaintComplexity? Complexity { get; init; }
    [Required, FreeText] public string? Content { get; init; }

    /// <summary>R-CMP-3: the complaint touches life or property safety (the safety category always does).</summary>
    public bool TouchesSafety { get; init; }

    /// <summary>
    /// R-CMP-7: who complained when it is not the holder: a name and a contact, kept in a party record of their own,
    /// encrypted, shown only to the desks that handle complaints (R-CMP-8).
    /// </summary>
    public ComplainantBody? Complainant { get; init; }
}

public sealed record ComplainantBody([property: Required] string? Name, [property: Required] string? Phone);

public sealed record ComplaintAnswer(Guid AccountId, long Version, Guid ComplaintId, string ComplaintNumber, bool Escalated)
    : CommandAnswer(AccountId, Version);

/// <summary>投诉 — filing a complaint.</summary>
public static class FileComplaintEndpoint
{
    public static ProblemDetails Validate(FileComplaint cmd) => Problems.Check(new FieldErrors()
        .Require(cmd.Channel, "channel").Require(cmd.Category, "category").Require(cmd.Content, "content")
        .When(cmd.Complainant is not null && string.IsNullOrWhiteSpace(cmd.Complainant.Name), "complainant.name", "is required.")
        .When(cmd.Complainant is not null && string.IsNullOrWhiteSpace(cmd.Complainant.Phone), "complainant.phone", "is required.")
        .When(cmd.Complainant?.Phone is { Length: > 0 } phone && !Domain.Applications.ApplicationRules.IsPhone(phone.Trim()), "complainant.phone",
            "is not a phone number.")
        .When(cmd.Complainant?.Name?.Trim().Length > 50, "complainant.name", "may be at most 50 characters."));

    /// <summary>投诉 — file a complaint on an account.</summary>
    /// <remarks>
    /// A complaint, numbered by month (R-CMP-1/2, e.g. TS-202611-0007), escalated at once when it is in the safety
    /// category or <c>touchesSafety</c> (R-CMP-3). Whoever records it is its first responder (R-CMP-6).
    /// <c>complexity</c> defaults to simple. A complainant other than the holder gives a name and a phone, kept apart
    /// (R-CMP-7/8). 400 when <c>channel</c>, <c>category</c> or <c>content</c> is missing. 409
    /// when the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/complaints"), ProducesResponseType<ComplaintAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, FileComplaint cmd, AccountStreams streams, Parties.PartyVault vault, CancellationToken ct)
    {
        var complaintId = Guid.CreateVersion7();
        var complainant = cmd.Complainant is { } c
            ? new Domain.Parties.Party
            {
                Id = Guid.CreateVersion7(), Kind = PartyKind.Person, Name = c.Name!.Trim(), Phone = c.Phone!.Trim(), AccountId = accountId,
                RecordedAt = streams.Now,
            }
            : null;
        ComplaintFiled? filed = null;
        var escalated = false;
        return streams.DecideAsync(accountId, cmd, async (account, at) =>
            {
                ComplaintFiled Filed(string number) => new(complaintId, number, cmd.Channel!.Value, cmd.Category!.Value,
                    cmd.Complexity ?? ComplaintComplexity.Simple, cmd.Content!.Trim(), streams.StaffId, at, complainant?.Id);
                // The number is drawn once the complaint is known to fit, in the transaction that stores it: no gap.
                if (ComplaintDecisions.File(account, Filed(""), cmd.TouchesSafety) is not Decision.Accept and var refused) return refused;
                var serial = await RecordNumbers.NextComplaintSerial(streams.Session,
                    ComplaintDecisions.SerialMonth(at, streams.Policy), ct);
                filed = Filed(ComplaintDecisions.Number(at, serial, streams.Policy));
                var decision = ComplaintDecisions.File(account, filed, cmd.TouchesSafety);
                escalated = decision is Decision.Accept { Events.Count: > 1 };
                if (decision is Decision.Accept && complainant is not null) streams.Session.Store(vault.Lock(complainant)); // encrypted
                return decision;
            },
            version => new ComplaintAnswer(accountId, version, complaintId, filed!.ComplaintNumber, escalated),
            StatusCodes.Status201Created, ct);
    }
}
