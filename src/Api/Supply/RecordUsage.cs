using GasLedger.Api.Security;
using GasLedger.Domain.Supply;

namespace GasLedger.Api.Supply;

public sealed record RecordUsage : AccountCommand
{
    public UsageKind? Kind { get; init; }
    public decimal? VolumeM3 { get; init; }
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>What was paid, CNY (IC-card purchases).</summary>
    public decimal? Amount { get; init; }
}

public sealed record UsageAnswer(Guid AccountId, long Version, Guid UsageId) : CommandAnswer(AccountId, Version);

/// <summary>用气 — <c>POST …/usage</c>: a meter reading or an IC-card purchase, in m³ (R-SUP-3).</summary>
public static class RecordUsageEndpoint
{
    public static ProblemDetails Validate(RecordUsage cmd, ServicePolicy policy) => Problems.Check(new FieldErrors()
        .Require(cmd.Kind, "kind").Require(cmd.VolumeM3, "volumeM3").Require(cmd.PeriodEnd, "periodEnd")
        .When(cmd.VolumeM3 < 0, "volumeM3", "may not be negative.").Amount(cmd.Amount, "amount", policy));

    [WolverinePost("/api/accounts/{accountId}/usage"), ProducesResponseType<UsageAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, RecordUsage cmd, AccountStreams streams, CancellationToken ct)
    {
        var usageId = Guid.CreateVersion7();
        return streams.Decide(accountId, cmd, (account, at) => SupplyDecisions.RecordUsage(account,
                new UsageRecorded(usageId, cmd.Kind!.Value, cmd.VolumeM3!.Value, cmd.PeriodEnd!.Value, cmd.Amount, at), streams.Policy),
            version => new UsageAnswer(accountId, version, usageId), StatusCodes.Status201Created, ct);
    }
}
