using GasLedger.Api.Security;
using GasLedger.Domain.Ignition;

namespace GasLedger.Api.Ignition;

public sealed record HoseBody(decimal? LengthMeters, decimal? Price, bool? Invoiced);

public sealed record ChargeBody(decimal? Amount, bool? Invoiced)
{
    public Charge? ToCharge() => Amount is null ? null : new Charge(Amount.Value, Invoiced ?? false);

    public static void Check(ChargeBody? charge, string path, FieldErrors errors, ServicePolicy policy)
    {
        if (charge is null) return;
        errors.Require(charge.Amount, $"{path}.amount").Require(charge.Invoiced, $"{path}.invoiced")
            .Amount(charge.Amount, $"{path}.amount", policy);
    }
}

public sealed record CompleteIgnition : AccountCommand
{
    /// <summary>The technician (点改员); default the staff member recording it.</summary>
    public string? Technician { get; init; }
    public bool? StoveHasFlameOutProtection { get; init; }
    public bool? AirtightnessPassed { get; init; }
    public HoseBody? Hose { get; init; }
    public ChargeBody? Charge { get; init; }
}

/// <summary>
/// 通气点火 — <c>POST …/ignition/complete</c>: gas on (R-IGN-2/3). A visit that fails either safety condition is a
/// 409: it is recorded with <c>/ignition/refuse</c>.
/// </summary>
public static class CompleteIgnitionEndpoint
{
    public static ProblemDetails Validate(CompleteIgnition cmd, ServicePolicy policy)
    {
        var errors = new FieldErrors().Require(cmd.StoveHasFlameOutProtection, "stoveHasFlameOutProtection")
            .Require(cmd.AirtightnessPassed, "airtightnessPassed");
        if (cmd.Hose is { } hose)
            errors.Require(hose.LengthMeters, "hose.lengthMeters").Require(hose.Price, "hose.price").Require(hose.Invoiced, "hose.invoiced")
                .When(hose.LengthMeters <= 0, "hose.lengthMeters", "must be more than zero.")
                .InRange(hose.LengthMeters, "hose.lengthMeters", 0m, policy.MaxHoseLengthMeters, "m")
                .Amount(hose.Price, "hose.price", policy);
        ChargeBody.Check(cmd.Charge, "charge", errors, policy);
        return Problems.Check(errors);
    }

    [WolverinePost("/api/accounts/{accountId}/ignition/complete"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, CompleteIgnition cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => IgnitionDecisions.Complete(account,
            new IgnitionCompleted(cmd.Technician ?? streams.StaffId, cmd.StoveHasFlameOutProtection!.Value, cmd.AirtightnessPassed!.Value,
                cmd.Hose is { } h ? new HoseSale(h.LengthMeters!.Value, h.Price!.Value, h.Invoiced!.Value) : null,
                cmd.Charge?.ToCharge(), at)), ct: ct);
}
