using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Callbacks;

namespace GasLedger.Api.Callbacks;

public sealed record IrregularChargeBody([property: Required] bool? Reported, [property: FreeText] string? Detail)
{
    /// <summary>
    /// R-CB-4: the over-length pipe charge (CNY) the holder says was taken, checked against the counter's record.
    /// Optional.
    /// </summary>
    public decimal? OverLengthChargeHeard { get; init; }
}

public sealed record RecordCallback : AccountCommand
{
    [Required] public CallbackKind? Kind { get; init; }
    public string? Staff { get; init; }

    /// <summary>The work the callback follows: an inspection, repair or complaint id.</summary>
    public Guid? FollowsWorkId { get; init; }
    [Required] public bool? Reached { get; init; }
    public SatisfactionLevel? Satisfaction { get; init; }
    public IrregularChargeBody? IrregularCharge { get; init; }
    [FreeText] public string? Opinions { get; init; }

    /// <summary>R-CB-7: the satisfaction of each question asked (attitude, timeliness, quality, charges).</summary>
    public IReadOnlyList<QuestionBody?>? Answers { get; init; }

    /// <summary>R-CB-7: the holder's needs or suggestions (了解客户需求).</summary>
    [FreeText] public string? Needs { get; init; }
}

public sealed record QuestionBody([property: Required] CallbackQuestion? Question, [property: Required] SatisfactionLevel? Satisfaction);

public sealed record CallbackAnswer(Guid AccountId, long Version, Guid CallbackId) : CommandAnswer(AccountId, Version);

/// <summary>回访 — recording a callback.</summary>
public static class RecordCallbackEndpoint
{
    public static ProblemDetails Validate(RecordCallback cmd, ServicePolicy policy)
    {
        var errors = new FieldErrors()
            .Require(cmd.Kind, "kind").Require(cmd.Reached, "reached")
            .When(cmd.IrregularCharge is { Reported: null }, "irregularCharge.reported", "is required.")
            .Amount(cmd.IrregularCharge?.OverLengthChargeHeard, "irregularCharge.overLengthChargeHeard", policy)
            .When(cmd.Answers is { Count: > 0 } && cmd.Reached == false, "answers", "come from a holder the callback reached.")
            .When(cmd.Needs?.Length > 1000, "needs", "may be at most 1000 characters.");
        for (var i = 0; i < (cmd.Answers?.Count ?? 0); i++)
            if (cmd.Answers![i] is not { } a) errors.Add($"answers[{i}]", "is required.");
            else errors.Require(a.Question, $"answers[{i}].question").Require(a.Satisfaction, $"answers[{i}].satisfaction");
        if (cmd.Answers?.Where(a => a?.Question is not null).GroupBy(a => a!.Question).FirstOrDefault(g => g.Count() > 1) is { } twice)
            errors.Add("answers", $"ask {WireNames.Of(twice.Key!.Value.ToString())} twice.");
        return Problems.Check(errors);
    }

    /// <summary>回访 — record a callback and what it found.</summary>
    /// <remarks>
    /// A callback and what it found (R-CB-2): its kind, the work it follows, reached or not, the holder's satisfaction,
    /// the satisfaction of each question asked and the holder's needs (R-CB-7: each answer an observation of the
    /// satisfaction index) and opinions, and any irregular charge the holder reports (R-CB-4), with an over-length pipe charge heard,
    /// checked against the counter's record. <c>staff</c> defaults to the staff member recording it. 400 when
    /// <c>kind</c> or <c>reached</c> is missing, <c>irregularCharge</c> is given without <c>reported</c>, an amount is
    /// out of range, or a callback that did not reach the holder carries a satisfaction. 409 when the account is
    /// closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/callbacks"), ProducesResponseType<CallbackAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, RecordCallback cmd, AccountStreams streams, CancellationToken ct)
    {
        var callbackId = Guid.CreateVersion7();
        return streams.Decide(accountId, cmd, (account, at) => CallbackDecisions.Callback(account,
                new CallbackMade(callbackId, cmd.Kind!.Value, cmd.Staff ?? streams.StaffId, cmd.FollowsWorkId, cmd.Reached!.Value,
                    cmd.Satisfaction, cmd.IrregularCharge?.Reported ?? false, cmd.IrregularCharge?.Detail, cmd.Opinions, at,
                    cmd.Answers is { Count: > 0 } answers ? answers.Select(a => new QuestionAnswer(a!.Question!.Value, a.Satisfaction!.Value)).ToArray() : null,
                    string.IsNullOrWhiteSpace(cmd.Needs) ? null : cmd.Needs.Trim())
                { OverLengthChargeHeard = cmd.IrregularCharge?.OverLengthChargeHeard }),
            version => new CallbackAnswer(accountId, version, callbackId), StatusCodes.Status201Created, ct);
    }
}
