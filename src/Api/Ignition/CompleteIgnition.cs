using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Ignition;

namespace GasLedger.Api.Ignition;

public sealed record HoseBody([property: Required] decimal? LengthMeters, [property: Required] decimal? Price,
    [property: Required] bool? Invoiced)
{
    /// <summary>R-IGN-3: a hose sold is whole — length (more than zero, at most the policy's), price, invoiced.</summary>
    public static FieldErrors Check(HoseBody? hose, FieldErrors errors, ServicePolicy policy) => hose is null ? errors
        : errors.Require(hose.LengthMeters, "hose.lengthMeters").Require(hose.Price, "hose.price").Require(hose.Invoiced, "hose.invoiced")
            .When(hose.LengthMeters <= 0, "hose.lengthMeters", "must be more than zero.")
            .InRange(hose.LengthMeters, "hose.lengthMeters", 0m, policy.MaxHoseLengthMeters, "m")
            .Amount(hose.Price, "hose.price", policy);
}

public sealed record ChargeBody([property: Required] decimal? Amount, [property: Required] bool? Invoiced)
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
    [Required] public bool? StoveHasFlameOutProtection { get; init; }
    [Required] public bool? AirtightnessPassed { get; init; }
    public HoseBody? Hose { get; init; }
    public ChargeBody? Charge { get; init; }
}

/// <summary>通气点火 — turning the gas on.</summary>
public static class CompleteIgnitionEndpoint
{
    public static ProblemDetails Validate(CompleteIgnition cmd, ServicePolicy policy)
    {
        var errors = new FieldErrors().Require(cmd.StoveHasFlameOutProtection, "stoveHasFlameOutProtection")
            .Require(cmd.AirtightnessPassed, "airtightnessPassed");
        HoseBody.Check(cmd.Hose, errors, policy);
        ChargeBody.Check(cmd.Charge, "charge", errors, policy);
        return Problems.Check(errors);
    }

    /// <summary>通气点火 — turn the gas on, with the safety checks and any hose sold or charge.</summary>
    /// <remarks>
    /// Gas on (R-IGN-2/3): the technician (default the staff member recording it), the stove's flame-out protection,
    /// the airtightness test, any corrugated hose sold (length, price, invoiced or not) and any charge (amount,
    /// invoiced or not), which the callback asks about (R-CB-4). 400 when <c>stoveHasFlameOutProtection</c> or
    /// <c>airtightnessPassed</c> is missing, or a hose or charge given lacks one of its fields or is out of range. 409
    /// when the account is not installed, the holder has not requested gas-on (R-IGN-1), a severe hazard is not
    /// rectified (R-HAZ-2), or the visit fails either safety condition: such a visit is recorded with
    /// <c>…/ignition/refuse</c>.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/ignition/complete"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, CompleteIgnition cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => IgnitionDecisions.Complete(account,
            new IgnitionCompleted(cmd.Technician ?? streams.StaffId, cmd.StoveHasFlameOutProtection!.Value, cmd.AirtightnessPassed!.Value,
                cmd.Hose is { } h ? new HoseSale(h.LengthMeters!.Value, h.Price!.Value, h.Invoiced!.Value) : null,
                cmd.Charge?.ToCharge(), at)), ct: ct);
}
