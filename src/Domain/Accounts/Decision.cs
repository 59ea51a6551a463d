namespace GasLedger.Domain.Accounts;

/// <summary>
/// The outcome of a decision: the events to append, or a refusal. Refusals are values, not exceptions:
/// <see cref="Invalid"/> is a broken input rule (HTTP 400), <see cref="Conflict"/> a command that does not fit the
/// account's state (HTTP 409), <see cref="Missing"/> an unknown complaint, repair or hazard of the account (HTTP 404).
/// </summary>
public abstract record Decision
{
    public sealed record Accept(IReadOnlyList<IAccountEvent> Events) : Decision;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : Decision;

    public sealed record Conflict(string Detail) : Decision;

    public sealed record Missing(string Detail) : Decision;

    public static Decision Accepting(params IAccountEvent[] events) => new Accept(events);

    public static Decision Refuse(string detail) => new Conflict(detail);

    public static Decision InvalidField(string field, string message) =>
        new Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Decision NotFound(string detail) => new Missing(detail);
}

/// <summary>Every event of an account stream carries its business time: when it happened in the world.</summary>
public interface IAccountEvent
{
    DateTimeOffset OccurredAt { get; }
}

/// <summary>Collects field errors of an input rule check, keyed by the JSON path of the field (camelCase).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public FieldErrors Require(object? value, string field)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s)) Add(field, "is required.");
        return this;
    }

    public FieldErrors When(bool broken, string field, string message) => broken ? Add(field, message) : this;

    /// <summary>An amount of money, if given: not negative, at most the policy's <see cref="ServicePolicy.MaxAmountYuan"/>.</summary>
    public FieldErrors Amount(decimal? value, string field, ServicePolicy policy) =>
        InRange(value, field, 0m, policy.MaxAmountYuan, "CNY");

    /// <summary>A figure, if given, from <paramref name="min"/> to <paramref name="max"/> (its unit named in the error).</summary>
    public FieldErrors InRange(decimal? value, string field, decimal min, decimal max, string unit) =>
        value < min ? Add(field, min == 0 ? "may not be negative." : FormattableString.Invariant($"must be at least {min:0.##} {unit}."))
        : value > max ? Add(field, FormattableString.Invariant($"may be at most {max:#,0.##} {unit}."))
        : this;

    public Decision? AsDecision() => Any ? new Decision.Invalid(ToDictionary()) : null;

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
