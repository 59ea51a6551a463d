using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;
using GasLedger.Domain.Applications;

namespace GasLedger.Domain.Accounts;

/// <summary>
/// Folds events onto an <see cref="Account"/> where the event store does not (the city generator, the rebuild, the
/// decision tests), by the very <c>Apply</c> methods Marten calls: they are found once, one per event type, so adding
/// an event touches <see cref="Account"/> alone. An event type without its <c>Apply</c> fails here, and the test that
/// folds every event type (<c>AccountFoldTests</c>) names it.
/// </summary>
public static class AccountFold
{
    private static readonly FrozenDictionary<Type, Func<Account, IAccountEvent, Account>> Applies = typeof(Account)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance)
        .Where(m => m.Name == "Apply" && m.ReturnType == typeof(Account) && m.GetParameters() is [{ ParameterType: var t }]
            && typeof(IAccountEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(m => m.GetParameters()[0].ParameterType, Compile);

    /// <summary>The account after <paramref name="e"/>.</summary>
    public static Account Fold(this Account account, IAccountEvent e) =>
        Applies.TryGetValue(e.GetType(), out var apply)
            ? apply(account, e)
            : throw new ArgumentException(
                $"Account has no Apply({e.GetType().Name}); {nameof(ApplicationSubmitted)} starts a stream (Account.Create).");

    /// <summary>The account after each of <paramref name="events"/> in turn.</summary>
    public static Account Fold(this Account account, IEnumerable<IAccountEvent> events) => events.Aggregate(account, Fold);

    /// <summary>The state after a whole history, from the application that opens it.</summary>
    public static Account Replay(IEnumerable<IAccountEvent> events)
    {
        Account? account = null;
        foreach (var e in events)
            account = account is null ? Account.Create((ApplicationSubmitted)e) : account.Fold(e);
        return account ?? throw new ArgumentException("An account history starts with its application.", nameof(events));
    }

    /// <summary>The event types an account folds (every one but the application, which starts it).</summary>
    public static IReadOnlyCollection<Type> EventTypes => Applies.Keys;

    private static Func<Account, IAccountEvent, Account> Compile(MethodInfo apply)
    {
        var account = Expression.Parameter(typeof(Account), "account");
        var e = Expression.Parameter(typeof(IAccountEvent), "e");
        var call = Expression.Call(account, apply, Expression.Convert(e, apply.GetParameters()[0].ParameterType));
        return Expression.Lambda<Func<Account, IAccountEvent, Account>>(call, account, e).Compile();
    }
}
