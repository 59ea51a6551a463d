using System.Collections.Concurrent;
using System.Linq.Expressions;
using JasperFx.Events;

namespace GasLedger.Projections.Rebuild;

/// <summary>
/// The event store's own envelope (<see cref="Event{T}"/>) around an event's data, with no id yet, for the two paths that
/// set every field themselves: the import (the city's own ids) and the rebuild (the ids read from the log). The store's
/// <c>BuildEvent</c> would draw a new id for each event, only to be overwritten.
/// </summary>
public static class EventEnvelope
{
    private static readonly ConcurrentDictionary<Type, Func<object, IEvent>> Constructors = new();

    public static IEvent Of(object data) => Constructors.GetOrAdd(data.GetType(), type =>
    {
        var parameter = Expression.Parameter(typeof(object));
        var constructor = typeof(Event<>).MakeGenericType(type).GetConstructor([type])!;
        return Expression.Lambda<Func<object, IEvent>>(Expression.New(constructor, Expression.Convert(parameter, type)), parameter)
            .Compile();
    })(data);
}
