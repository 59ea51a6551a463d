using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections.Statistics;

/// <summary>What moved an account in or out, or changed hands (seed <c>001</c> customer retention).</summary>
public enum MovementKind { GasOn, Transfer, Suspension, Closure }

/// <summary>
/// 客户变动 — one row per movement of an account: gas-on, transfer of ownership, suspension of supply, closure, on its
/// company-local day, with the account's district and category; what the retention statistics sum (the API's running
/// sums per month). Keyed by the event that made it.
/// </summary>
public sealed record AccountMovement
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string District { get; init; } = "";
    public CustomerCategory Category { get; init; }
    public MovementKind Kind { get; init; }
    public DateOnly Day { get; init; }
}

/// <summary>Async member of <c>ReadModels</c>: a row for each gas-on, transfer, suspension and closure.</summary>
public sealed class MovementProjection : ReadModelMember
{
    public MovementProjection(ServicePolicy policy, SharedReads shared)
        : base(policy, shared, [typeof(IgnitionCompleted), typeof(HolderTransferred), typeof(SupplySuspended), typeof(AccountClosed)],
            typeof(AccountMovement))
    {
        Name = "Movements";
        Options.DeleteViewTypeOnTeardown<AccountMovement>();
    }

    /// <summary>The facts of the batch's accounts not known yet, read once for the batch.</summary>
    public override Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        Shared.Enrich(session, events.Where(e => Kind(e) is not null).ToArray(), streams: false, ct);

    // The daemon hands every event of a batch to each member of the composite.
    private static MovementKind? Kind(IEvent e) => e.Data switch
    {
        IgnitionCompleted => MovementKind.GasOn,
        HolderTransferred => MovementKind.Transfer,
        SupplySuspended => MovementKind.Suspension,
        AccountClosed { Reason: not ClosureReason.Declined } => MovementKind.Closure, // R-APP-6: a declined application is no closure
        _ => null,
    };

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        if (Kind(e) is not { } kind || e.Data is not IAccountEvent data || await Shared.Account(ops, e, ct) is not { } account) return;
        ops.Store(new AccountMovement
        {
            Id = e.Id, AccountId = e.StreamId, District = account.Address.District, Category = account.Category, Kind = kind,
            Day = Policy.LocalDate(data.OccurredAt),
        });
    }
}

public static class MovementDocuments
{
    /// <summary>Read only through their running sums.</summary>
    public static StoreOptions AddMovementDocuments(this StoreOptions opts)
    {
        opts.Schema.For<AccountMovement>();
        return opts;
    }
}
