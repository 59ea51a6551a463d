using GasLedger.Domain.Counter;

namespace GasLedger.Api.AccountKeeping;

/// <summary>What every counter transaction may carry (R-APP-4/5): how long it took, and the counter that did it.</summary>
public abstract record CounterCommand : AccountCommand
{
    /// <summary>R-APP-5: minutes the counter took, when measured (1–600).</summary>
    public int? HandlingMinutes { get; init; }

    /// <summary>The counter (a service hall's window, e.g. 西湖营业厅-3) that did it.</summary>
    public string? Counter { get; init; }

    /// <summary>The common fields' rules: minutes 1–600, a counter of at most 40 characters.</summary>
    public FieldErrors Check() => CounterDecisions.CheckMinutes(HandlingMinutes, new FieldErrors())
        .When(Counter?.Length > 40, "counter", "may be at most 40 characters.");

    public string? CounterName => string.IsNullOrWhiteSpace(Counter) ? null : Counter.Trim();
}
