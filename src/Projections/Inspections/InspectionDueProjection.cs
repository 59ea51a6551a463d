using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Supply;
using GasLedger.Projections.Ledgers;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace GasLedger.Projections.Inspections;

/// <summary>
/// 安检计划 — one row per stretch of days over which an account's next periodic inspection stays the same
/// (<see cref="DuePeriod"/>), so that "which inspections are due as of a date, within N days" is an index range search
/// (<see cref="InspectionDueIndexes"/>) instead of a walk over every account. Keyed by account and first day.
/// </summary>
public sealed record InspectionDuePeriod
{
    public string Id { get; init; } = "";
    public Guid AccountId { get; init; }
    public string Number { get; init; } = "";
    public string District { get; init; } = "";
    public bool PublicService { get; init; }
    public DateOnly From { get; init; }

    /// <summary>The first day the period no longer holds; <see cref="Lasting"/> while it lasts.</summary>
    public DateOnly Until { get; init; }

    /// <summary>
    /// The end of a period that lasts: a finite day far ahead, since the GiST index (btree_gist) cannot take the
    /// infinity Npgsql writes for <see cref="DateOnly.MaxValue"/>.
    /// </summary>
    public static readonly DateOnly Lasting = new(9999, 1, 1);
    public DateOnly NextDue { get; init; }
    public DateOnly? LastInspected { get; init; }

    public static string IdOf(Guid accountId, DateOnly from) => $"{accountId:N}-{from:yyyyMMdd}";
}

/// <summary>
/// Async member of <c>ReadModels</c>: on the events that move an account's inspection schedule — gas-on, an inspection
/// that counted, closure — the account is folded from its stream up to the event and all its periods are written again
/// (<see cref="InspectionSchedule.Periods"/>): the one that ends takes its end, the one that begins is added.
/// </summary>
public sealed class InspectionDueProjection : ReadModelMember
{
    public InspectionDueProjection(ServicePolicy policy, SharedReads shared)
        : base(policy, shared, [typeof(IgnitionCompleted), typeof(InspectionVisited), typeof(AccountClosed)], typeof(InspectionDuePeriod))
    {
        Name = "InspectionsDue";
        Options.DeleteViewTypeOnTeardown<InspectionDuePeriod>();
    }

    private static bool Moves(IEvent e) => e.Data is IgnitionCompleted or AccountClosed
        or InspectionVisited { Outcome: not InspectionOutcome.NotHome };

    /// <summary>The streams of the batch's accounts whose schedule moves, read once for the batch.</summary>
    public override Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        Shared.Enrich(session, events.Where(Moves).ToArray(), streams: true, ct);

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        if (!Moves(e)) return;
        var stream = await Shared.Stream(ops, e, e.Version, ct);
        if (stream is not [{ Data: ApplicationSubmitted application }, ..]) return;
        var account = AccountFold.Replay(stream.Select(x => (IAccountEvent)x.Data));
        ops.Store(InspectionSchedule.Periods(account, Policy).Select(p => new InspectionDuePeriod
        {
            Id = InspectionDuePeriod.IdOf(e.StreamId, p.From), AccountId = e.StreamId, Number = application.AccountNumber,
            District = application.Address.District, PublicService = account.Category == CustomerCategory.PublicService,
            From = p.From, Until = p.Until ?? InspectionDuePeriod.Lasting, NextDue = p.NextDue, LastInspected = p.LastInspected,
        }).ToArray());
    }
}

public static class InspectionDueDocuments
{
    /// <summary>The period's days, due date and filters as columns, for the indexes of <see cref="InspectionDueIndexes"/>.</summary>
    public static StoreOptions AddInspectionDueDocuments(this StoreOptions opts)
    {
        opts.Storage.ExtendedSchemaObjects.Add(new Extension("btree_gist"));
        opts.Schema.For<InspectionDuePeriod>()
            .Duplicate(p => p.AccountId)
            .Duplicate(p => p.From, pgType: "date")
            .Duplicate(p => p.Until, pgType: "date")
            .Duplicate(p => p.NextDue, pgType: "date")
            .Duplicate(p => p.LastInspected, pgType: "date")
            .Duplicate(p => p.District)
            .Duplicate(p => p.PublicService, pgType: "boolean")
            .Duplicate(p => p.Number);
        // Made by InspectionDueIndexes: Marten leaves them be (it drops the indexes of its tables it was not told of).
        foreach (var index in InspectionDueIndexes.Names) opts.Schema.For<InspectionDuePeriod>().IgnoreIndex(index);
        return opts;
    }
}

/// <summary>
/// The indexes the inspections due are read by, made at start (Marten's initial data) because Marten's index DDL leaves
/// the column <c>from</c> unquoted; a rebuild by account drops and makes them again with the others:
/// <list type="bullet">
/// <item>the periods that last, in the order "due as of today or later" answers them (most due first, then number);</item>
/// <item>a GiST index (btree_gist) over the periods' days as a range, their due date and district: "holds on D, falls
/// due by X" is a search in it, and its distance order on the due date gives the most due first without a sort;</item>
/// <item>the public-service accounts' periods in order of number, to walk for the holiday inspections most of them
/// owe; by their days as a range, to find the few that owe one (those spanning the window up to the date, and the
/// first after gas-on); in order of the inspection they count from, to count those inspected in the window.</item>
/// </list>
/// </summary>
public sealed class InspectionDueIndexes : Marten.Schema.IInitialData
{
    /// <summary>The indexes' names, which Marten's schema migration is told to leave alone.</summary>
    public static readonly string[] Names =
    [
        "mt_doc_inspectiondueperiod_lasting", "mt_doc_inspectiondueperiod_holds", "mt_doc_inspectiondueperiod_public",
        "mt_doc_inspectiondueperiod_public_inspected", "mt_doc_inspectiondueperiod_public_span", "mt_doc_inspectiondueperiod_public_first",
    ];

    public async Task Populate(IDocumentStore store, CancellationToken ct)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(InspectionDuePeriod), ct);
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        var table = DocumentTables.Of<InspectionDuePeriod>(store);
        var schema = table[..table.IndexOf('.')];
        cmd.CommandText = $"""
            create index if not exists mt_doc_inspectiondueperiod_lasting on {table} (next_due, number, "from", district)
              where until = '{InspectionDuePeriod.Lasting:yyyy-MM-dd}';
            create index if not exists mt_doc_inspectiondueperiod_holds on {table} using gist (daterange("from", until), next_due, district);
            create index if not exists mt_doc_inspectiondueperiod_public on {table} (number, "from", until, last_inspected, district)
              where public_service;
            create index if not exists mt_doc_inspectiondueperiod_public_inspected on {table} (last_inspected, until, district)
              where public_service;
            create index if not exists mt_doc_inspectiondueperiod_public_span on {table} using gist (daterange("from", until), district)
              where public_service and last_inspected is not null;
            create index if not exists mt_doc_inspectiondueperiod_public_first on {table} using gist (daterange("from", until), district)
              where public_service and last_inspected is null;
            drop index if exists {schema}.mt_doc_inspectionduperiod_due;
            drop index if exists {schema}.mt_doc_inspectiondueperiod_holding;
            """;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
