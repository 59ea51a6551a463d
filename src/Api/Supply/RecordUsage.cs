using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Supply;

namespace GasLedger.Api.Supply;

public sealed record RecordUsage : AccountCommand
{
    [Required] public UsageKind? Kind { get; init; }
    [Required] public decimal? VolumeM3 { get; init; }
    [Required] public DateOnly? PeriodEnd { get; init; }

    /// <summary>What was paid, CNY (IC-card purchases).</summary>
    public decimal? Amount { get; init; }
}

public sealed record UsageAnswer(Guid AccountId, long Version, Guid UsageId) : CommandAnswer(AccountId, Version);

/// <summary>用气 — recording usage.</summary>
public static class RecordUsageEndpoint
{
    public static ProblemDetails Validate(RecordUsage cmd, ServicePolicy policy) => Problems.Check(new FieldErrors()
        .Require(cmd.Kind, "kind").Require(cmd.VolumeM3, "volumeM3").Require(cmd.PeriodEnd, "periodEnd")
        .When(cmd.VolumeM3 < 0, "volumeM3", "may not be negative.").Amount(cmd.Amount, "amount", policy));

    /// <summary>用气 — record a meter reading or an IC-card purchase, in m³.</summary>
    /// <remarks>
    /// A meter reading or an IC-card purchase, in m³ (R-SUP-3), of the kind the account's meter takes, with what was
    /// paid for a purchase. 400 when <c>kind</c>, <c>volumeM3</c> or <c>periodEnd</c> is missing, the kind does not fit
    /// the meter, the volume is negative or implausible for the account's category, or the amount is out of range. 409
    /// when the account's gas is not on (active or suspended).
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/usage"), ProducesResponseType<UsageAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, RecordUsage cmd, AccountStreams streams, CancellationToken ct)
    {
        var usageId = Guid.CreateVersion7();
        return streams.Decide(accountId, cmd, (account, at) => SupplyDecisions.RecordUsage(account,
                new UsageRecorded(usageId, cmd.Kind!.Value, cmd.VolumeM3!.Value, cmd.PeriodEnd!.Value, cmd.Amount, at), streams.Policy),
            version => new UsageAnswer(accountId, version, usageId), StatusCodes.Status201Created, ct);
    }
}
