using System.ComponentModel.DataAnnotations;
using GasLedger.Domain.Counter;

namespace GasLedger.Api.AccountKeeping;

public sealed record ReplaceMeter : CounterCommand
{
    [Required] public string? NewSerial { get; init; }

    /// <summary>The old meter's reading at the swap, m³.</summary>
    [Required] public decimal? OldMeterReadingM3 { get; init; }

    /// <summary>The new meter's reading when fitted, m³ (default 0).</summary>
    public decimal? NewMeterReadingM3 { get; init; }

    /// <summary>The new meter's type; default the type of the meter it replaces.</summary>
    public MeterType? MeterType { get; init; }

    [Required] public string? Technician { get; init; }
}

/// <summary>换表 — a meter replaced (R-ACC-7).</summary>
public static class ReplaceMeterEndpoint
{
    public static ProblemDetails Validate(ReplaceMeter cmd) => Problems.Check(cmd.Check()
        .Require(cmd.NewSerial, "newSerial").Require(cmd.OldMeterReadingM3, "oldMeterReadingM3").Require(cmd.Technician, "technician")
        .When(cmd.NewSerial?.Trim().Length > 40, "newSerial", "may be at most 40 characters.")
        .When(cmd.Technician?.Trim().Length > 40, "technician", "may be at most 40 characters.")
        .InRange(cmd.OldMeterReadingM3, "oldMeterReadingM3", 0m, 99_999_999m, "m³")
        .InRange(cmd.NewMeterReadingM3, "newMeterReadingM3", 0m, 99_999_999m, "m³"));

    /// <summary>换表 — replace the account's meter.</summary>
    /// <remarks>
    /// The meter of an installed account replaced (R-ACC-7): the old serial and its reading at the swap, the new serial
    /// and its reading, who fitted it. A meter of the other type brings the payment method that fits it (R-APP-2): top-up
    /// for an IC-card meter, the counter for a read meter. 400 when a required field is missing, a reading is negative,
    /// or the new serial is the one in place. 409 when the account has no meter (not installed) or is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/meter/replace"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, ReplaceMeter cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => CounterDecisions.ReplaceMeter(account, new MeterReplaced(null, cmd.NewSerial!.Trim(),
            cmd.OldMeterReadingM3!.Value, cmd.NewMeterReadingM3 ?? 0m, cmd.MeterType ?? account.MeterType, account.PaymentMethod,
            cmd.Technician!.Trim(), cmd.HandlingMinutes, cmd.CounterName, at)), ct: ct);
}
