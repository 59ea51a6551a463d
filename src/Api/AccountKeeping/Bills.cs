using System.ComponentModel.DataAnnotations;
using GasLedger.Domain.Counter;

namespace GasLedger.Api.AccountKeeping;

public sealed record PayBill : CounterCommand
{
    /// <summary>CNY paid.</summary>
    [Required] public decimal? Amount { get; init; }

    /// <summary>The bill's month, <c>yyyy-MM</c>.</summary>
    public string? BillMonth { get; init; }
}

public sealed record QueryBill : CounterCommand
{
    /// <summary>The month asked about, <c>yyyy-MM</c>.</summary>
    public string? BillMonth { get; init; }
}

/// <summary>缴费 — a gas bill paid at the counter (R-APP-5).</summary>
public static class PayBillEndpoint
{
    public static ProblemDetails Validate(PayBill cmd, ServicePolicy policy) => Problems.Check(cmd.Check()
        .Require(cmd.Amount, "amount").Amount(cmd.Amount, "amount", policy)
        .When(cmd.Amount == 0, "amount", "must be more than 0.")
        .When(!BillMonths.IsMonth(cmd.BillMonth), "billMonth", "must be a month, yyyy-MM."));

    /// <summary>缴费 — pay a gas bill at the counter.</summary>
    /// <remarks>
    /// A gas bill of a read meter paid at the counter (R-APP-5: 3 minutes), with the handling minutes and the counter.
    /// 400 when <c>amount</c> is missing or out of range, or <c>billMonth</c> is not a month. 409 when the account has an
    /// IC-card meter (topped up, not billed) or has never had gas.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/bills/payments"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, PayBill cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => CounterDecisions.PayBill(account,
            new BillPaid(cmd.Amount!.Value, cmd.BillMonth?.Trim(), cmd.HandlingMinutes, cmd.CounterName, at)), ct: ct);
}

/// <summary>账单查询 — a bill query at the counter (R-APP-5).</summary>
public static class QueryBillEndpoint
{
    public static ProblemDetails Validate(QueryBill? cmd) => cmd is null ? WolverineContinue.NoProblems : Problems.Check(cmd.Check()
        .When(!BillMonths.IsMonth(cmd.BillMonth), "billMonth", "must be a month, yyyy-MM."));

    /// <summary>账单查询 — record a bill query at the counter.</summary>
    /// <remarks>
    /// A holder's bill query answered at the counter (R-APP-5: 5 minutes), with the handling minutes and the counter. The
    /// body may be empty. 400 when <c>billMonth</c> is not a month. 409 when the account has never had gas.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/bills/queries"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, QueryBill? cmd, AccountStreams streams, CancellationToken ct)
    {
        cmd ??= new QueryBill();
        return streams.Decide(accountId, cmd, (account, at) => CounterDecisions.QueryBill(account,
            new BillQueried(cmd.BillMonth?.Trim(), cmd.HandlingMinutes, cmd.CounterName, at)), ct: ct);
    }
}

internal static class BillMonths
{
    public static bool IsMonth(string? text) => string.IsNullOrWhiteSpace(text)
        || DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out _);
}
