using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;
using JasperFx.Events;
using Marten;
using Weasel.Postgresql.Tables;

namespace GasLedger.Projections.Classification;

/// <summary>
/// 分类分级 — one row per stretch of days over which an account's class stays the same (<see cref="ClassPeriod"/>),
/// so that "the accounts of a class as of a date" is an index search and "how many of each class as of a date" a sum
/// of the per-day changes PostgreSQL keeps from these rows (the API's running sums), instead of a walk over every
/// account. Keyed by account and first day.
/// </summary>
public sealed record AccountClassPeriod
{
    public string Id { get; init; } = "";
    public Guid AccountId { get; init; }
    public string Number { get; init; } = "";
    public string District { get; init; } = "";
    public CustomerCategory Category { get; init; }
    public ValueTier Tier { get; init; }
    public LifecycleStage Stage { get; init; }
    public ServiceLevel ServiceLevel { get; init; }
    public DateOnly From { get; init; }

    /// <summary>The first day the period no longer holds; <see cref="Lasting"/> while it lasts.</summary>
    public DateOnly Until { get; init; }

    /// <summary>The end of a period that lasts: a finite day far ahead, as the inspection schedule's periods have.</summary>
    public static readonly DateOnly Lasting = Inspections.InspectionDuePeriod.Lasting;

    public static string IdOf(Guid accountId, DateOnly from) => $"{accountId:N}-{from:yyyyMMdd}";
}

/// <summary>
/// Async member of <c>ReadModels</c>: on the events that move an account's class — its application, gas-on, usage,
/// a transfer (special care is the holder's), closure — its periods are worked out again from the account (its inline
/// snapshot; in a rebuild, its stream folded) (<see cref="ClassSchedule.Periods"/>): those that changed are written, those no longer
/// given deleted — the batch's stored periods are read once, and most events (a reading that leaves the class as it
/// was) write nothing. Of a batch's events of one account only the last is folded: it holds everything the earlier
/// ones would have written.
/// </summary>
public sealed class ClassPeriodProjection : ReadModelMember
{
    private Dictionary<Guid, IReadOnlyList<AccountClassPeriod>> _stored = new();
    private Dictionary<Guid, Account> _now = new();

    public ClassPeriodProjection(ServicePolicy policy, SharedReads shared)
        : base(policy, shared, [typeof(ApplicationSubmitted), typeof(IgnitionCompleted), typeof(UsageRecorded), typeof(HolderTransferred),
            typeof(AccountClosed), typeof(KeyCustomerDesignated), typeof(KeyCustomerUndesignated)], typeof(AccountClassPeriod))
    {
        Name = "Classification";
        Options.DeleteViewTypeOnTeardown<AccountClassPeriod>();
    }

    // The daemon hands every event of a batch to each member of the composite: only these move a class.
    private static bool Moves(IEvent e) => e.Data is ApplicationSubmitted or IgnitionCompleted or UsageRecorded or HolderTransferred or AccountClosed
        or KeyCustomerDesignated or KeyCustomerUndesignated;

    public override async Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> batch, CancellationToken ct)
    {
        var events = batch.Where(Moves).ToArray();
        NoteLastOfBatch(events);
        if (events.Length == 0) return;
        // The periods stored now, read once for the batch: only those that change are written.
        var ids = events.Select(e => e.StreamId).Distinct().ToArray();
        var stored = await session.Query<AccountClassPeriod>().Where(p => p.AccountId.IsOneOf(ids)).ToListAsync(ct);
        _stored = ids.ToDictionary(id => id, id => (IReadOnlyList<AccountClassPeriod>)stored.Where(p => p.AccountId == id).ToArray());
        // The accounts as they are now, from their inline snapshots (written with the events, so never behind them),
        // where the shared reads do not hold the streams already (a rebuild's pages do): one read of a few documents
        // instead of every event of every account with a reading in the batch. The periods of the account now are
        // those its last event gives, which the daemon will reach; a rebuild folds the same from the streams.
        var unheld = events.Where(e => !Shared.HoldsStream(e)).Select(e => e.StreamId).Distinct().ToArray();
        _now = unheld.Length == 0 ? new() : (await session.LoadManyAsync<Account>(ct, unheld)).ToDictionary(a => a.Id);
    }

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        if (!Moves(e)) return;
        if (Superseded(e)) return; // a later event of the batch writes the account
        var account = !Shared.HoldsStream(e) && _now.GetValueOrDefault(e.StreamId) is { } now ? now
            : await Shared.Stream(ops, e, e.Version, ct) is [{ Data: ApplicationSubmitted }, ..] stream
                ? AccountFold.Replay(stream.Select(x => (IAccountEvent)x.Data)) : null;
        if (account is null) return;
        var rows = ClassSchedule.Periods(account, Policy).Select(p => new AccountClassPeriod
        {
            Id = AccountClassPeriod.IdOf(e.StreamId, p.From), AccountId = e.StreamId, Number = account.Number,
            District = account.Address.District, Category = account.Category, Tier = p.Tier, Stage = p.Stage,
            ServiceLevel = p.ServiceLevel, From = p.From, Until = p.Until ?? AccountClassPeriod.Lasting,
        }).ToArray();
        var ids = rows.Select(r => r.Id).ToHashSet();
        if (_stored.TryGetValue(e.StreamId, out var stored))
        {
            // Most events (a reading that leaves the class as it was) change nothing: nothing is written.
            foreach (var gone in stored.Where(p => !ids.Contains(p.Id))) ops.Delete<AccountClassPeriod>(gone.Id);
            var changed = rows.Except(stored).ToArray();
            if (changed.Length > 0) ops.Store(changed);
            _stored[e.StreamId] = rows;
            return;
        }
        // Handed an event outside a batch: what is stored is not known here.
        ops.DeleteWhere<AccountClassPeriod>(p => p.AccountId == e.StreamId && !p.Id.IsOneOf(ids.ToArray()));
        ops.Store(rows);
    }
}

public static class ClassPeriodDocuments
{
    /// <summary>
    /// The period's days and class as columns. Each class column (district, category, tier, stage, service level) has
    /// an index with the account number after it, so that the periods of one class value are walked in number order;
    /// the accounts of a class that is rare on the date are found through <see cref="ClassPeriodIndexes"/> instead.
    /// </summary>
    public static StoreOptions AddClassPeriodDocuments(this StoreOptions opts)
    {
        var periods = opts.Schema.For<AccountClassPeriod>()
            .Duplicate(p => p.AccountId)
            .Duplicate(p => p.Number)
            .Duplicate(p => p.From, pgType: "date")
            .Duplicate(p => p.Until, pgType: "date")
            .Duplicate(p => p.District)
            .Duplicate(p => p.Category)
            .Duplicate(p => p.Tier)
            .Duplicate(p => p.Stage)
            .Duplicate(p => p.ServiceLevel);
        // Marten's own index of each duplicated column is on that column alone: these have the number after it.
        foreach (var column in new System.Linq.Expressions.Expression<Func<AccountClassPeriod, object>>[]
                     { p => p.District, p => p.Category, p => p.Tier, p => p.Stage, p => p.ServiceLevel })
            periods.Index([column, p => p.Number]);
        periods.IgnoreIndex(ClassPeriodIndexes.Holds); // made at start (ClassPeriodIndexes): Marten leaves it be
        return opts;
    }
}

/// <summary>
/// A GiST index (btree_gist) over the period's days as a range and its class's columns, made at start (Marten's initial
/// data) because Marten's index DDL leaves the column <c>from</c> unquoted; a rebuild by account drops and makes it
/// again with the others. It finds the periods of a class holding a date where the class is rare on that date, and a
/// walk in number order would pass most of the table.
/// </summary>
public sealed class ClassPeriodIndexes : Marten.Schema.IInitialData
{
    public const string Holds = "mt_doc_accountclassperiod_holds";

    public async Task Populate(IDocumentStore store, CancellationToken ct)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(AccountClassPeriod), ct);
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"create index if not exists {Holds} on {DocumentTables.Of<AccountClassPeriod>(store)} " +
                          "using gist (daterange(\"from\", until), stage, tier, service_level, category, district)";
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
