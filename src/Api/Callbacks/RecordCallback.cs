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
}

public sealed record CallbackAnswer(Guid AccountId, long Version, Guid CallbackId) : CommandAnswer(AccountId, Version);

/// <summary>回访 — recording a callback.</summary>
public static class RecordCallbackEndpoint
{
    public static ProblemDetails Validate(RecordCallback cmd, ServicePolicy policy) => Problems.Check(new FieldErrors()
        .Require(cmd.Kind, "kind").Require(cmd.Reached, "reached")
        .When(cmd.IrregularCharge is { Reported: null }, "irregularCharge.reported", "is required.")
        .Amount(cmd.IrregularCharge?.OverLengthChargeHeard, "irregularCharge.overLengthChargeHeard", policy));

    /// <summary>回访 — record a callback and what it found.</summary>
    /// <remarks>
    /// A callback and what it found (R-CB-2): its kind, the work it follows, reached or not, the holder's satisfaction
    /// and opinions, and any irregular charge the holder reports (R-CB-4), with an over-length pipe charge heard,
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
                    cmd.Satisfaction, cmd.IrregularCharge?.Reported ?? false, cmd.IrregularCharge?.Detail, cmd.Opinions, at)
                { OverLengthChargeHeard = cmd.IrregularCharge?.OverLengthChargeHeard }),
            version => new CallbackAnswer(accountId, version, callbackId), StatusCodes.Status201Created, ct);
    }
}
