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

    /// <summary>R-APP-5: a purchase at the counter (a card top-up, 3 minutes): minutes it took (1–600).</summary>
    public int? HandlingMinutes { get; init; }

    /// <summary>The counter that sold it.</summary>
    public string? Counter { get; init; }
}

public sealed record UsageAnswer(Guid AccountId, long Version, Guid UsageId) : CommandAnswer(AccountId, Version);

/// <summary>用气 — recording usage.</summary>
public static class RecordUsageEndpoint
{
    public static ProblemDetails Validate(RecordUsage cmd, ServicePolicy policy) => Problems.Check(new FieldErrors()
        .Require(cmd.Kind, "kind").Require(cmd.VolumeM3, "volumeM3").Require(cmd.PeriodEnd, "periodEnd")
        .When(cmd.VolumeM3 < 0, "volumeM3", "may not be negative.").Amount(cmd.Amount, "amount", policy)
        .When(cmd.HandlingMinutes is < 1 or > 600, "handlingMinutes", "must be from 1 to 600 minutes.")
        .When(cmd.Counter?.Length > 40, "counter", "may be at most 40 characters.")
        .When((cmd.HandlingMinutes is not null || !string.IsNullOrWhiteSpace(cmd.Counter)) && cmd.Kind == UsageKind.MeterReading,
            "counter", "and handlingMinutes are for a purchase at the counter (icPurchase), not a meter reading."));

    /// <summary>用气 — record a meter reading or an IC-card purchase, in m³.</summary>
    /// <remarks>
    /// A meter reading or an IC-card purchase, in m³ (R-SUP-3), of the kind the account's meter takes, with what was
    /// paid for a purchase. 400 when <c>kind</c>, <c>volumeM3</c> or <c>periodEnd</c> is missing, the kind does not fit
    /// the meter, the volume is negative or implausible for the account's category, or the amount is out of range. A
    /// purchase at the counter (a card top-up, R-APP-5) carries its <c>handlingMinutes</c> and <c>counter</c>. 409
    /// when the account's gas is not on (active or suspended).
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/usage"), ProducesResponseType<UsageAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, RecordUsage cmd, AccountStreams streams, CancellationToken ct)
    {
        var usageId = Guid.CreateVersion7();
        return streams.Decide(accountId, cmd, (account, at) => SupplyDecisions.RecordUsage(account,
                new UsageRecorded(usageId, cmd.Kind!.Value, cmd.VolumeM3!.Value, cmd.PeriodEnd!.Value, cmd.Amount, at,
                    cmd.HandlingMinutes, string.IsNullOrWhiteSpace(cmd.Counter) ? null : cmd.Counter.Trim()), streams.Policy),
            version => new UsageAnswer(accountId, version, usageId), StatusCodes.Status201Created, ct);
    }
}
