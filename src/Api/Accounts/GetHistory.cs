using GasLedger.Api.Parties;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Parties;
using GasLedger.Domain.Transfers;
using Marten;

namespace GasLedger.Api.Accounts;

/// <summary>A page of an account's history: its events, and the parties they name.</summary>
/// <c>GasTerms</c>: the gas supplied (R-SUP-5) while these events happened — the terms in force at the first, and each
/// change up to the last (or <c>asOf</c>).
public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Items, int Page, int PageSize, long Total, IReadOnlyList<HolderView> Parties,
    IReadOnlyList<GasLedger.Domain.Supply.GasTerms> GasTerms);

public static class GetHistoryEndpoint
{
    /// <summary>账户历史 — every event of one account, in order, paged.</summary>
    /// <remarks>
    /// Every event of the account's stream in order (R-ACC-1), each with its global sequence, version, type, business
    /// and recorded time, data and who recorded it; paged. <c>asOf</c> keeps the events that had occurred by then.
    /// Events carry no personal data (R-ACC-4), only party ids; the address in the application is shown to the building
    /// (R-INT-2). <c>parties</c> lists the parties the page's events name, masked, or as erased; <c>gasTerms</c> the gas
    /// supplied meanwhile (R-SUP-5: in force at the page's first event, and each change up to its last or <c>asOf</c>).
    /// 404 when there is no such account.
    /// </remarks>
    [WolverineGet("/api/accounts/{accountId}/history"), ProducesResponseType<HistoryPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid accountId, [Takes(QueryText.DateOrTime)] string? asOf, int? page, int? pageSize, IQuerySession session, Npgsql.NpgsqlDataSource db,
        PartyVault vault, ServicePolicy policy, CancellationToken ct)
    {
        if (!AsOf.TryParse(asOf, policy, out var at)) return AsOf.Invalid();
        var errors = new FieldErrors();
        var (number, size) = Paging.ReadClamped(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        // The stream and the account's party records (each keeps the account it was recorded for) in one round trip,
        // each row's JSON read from the buffered row at once (Marten's event reads deserialise every event from an
        // asynchronous stream); the page's holders are picked from them.
        var serializer = session.DocumentStore.Options.Serializer();
        var events = new List<StoredEvent>();
        var records = new Dictionary<Guid, PartyRecord>();
        var terms = new List<GasLedger.Domain.Supply.GasTerms>();
        await using (var cmd = db.CreateCommand($"""
            select id, seq_id, version, mt_dotnet_type, data, timestamp, user_name, correlation_id, causation_id
            from {Hosting.Storage.Schema}.mt_events where stream_id = @account and is_archived = false order by version;
            select data from {GasLedger.Projections.DocumentTables.Of<PartyRecord>(session.DocumentStore)} where cast(data ->> 'accountId' as uuid) = @account;
            select data from {GasLedger.Projections.DocumentTables.Of<GasLedger.Domain.Supply.GasTerms>(session.DocumentStore)}
            """))
        {
            cmd.Parameters.AddWithValue("account", accountId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var type = EventTypes.Of(reader.GetString(3));
                events.Add(new StoredEvent(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), type,
                    serializer.FromJson(type, reader, 4), reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var record = (PartyRecord)serializer.FromJson(typeof(PartyRecord), reader, 0);
                records[record.Id] = record;
            }
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) terms.Add((GasLedger.Domain.Supply.GasTerms)serializer.FromJson(typeof(GasLedger.Domain.Supply.GasTerms), reader, 0));
        }
        if (events.Count == 0) return Problems.NotFound($"No account {accountId}.");
        var upTo = at is null ? events.Count
            : (int)(events.LastOrDefault(e => ((GasLedger.Domain.Accounts.IAccountEvent)e.Data).OccurredAt <= at.Value)?.Version ?? 0);

        var shown = events.Take(upTo).Skip((number - 1) * size).Take(size).ToArray();
        var items = shown
            .Select(e => new HistoryEntry(e.Id, e.Sequence, e.Version, WireNames.Of(e.Type.Name),
                ((GasLedger.Domain.Accounts.IAccountEvent)e.Data).OccurredAt,
                e.Timestamp, Masked(e.Data), e.UserName, e.CorrelationId, e.CausationId))
            .ToArray();

        // The parties these events name (holders), masked, or as erased.
        var named = new List<(Guid Id, PartyKind Kind, bool SpecialCare)>();
        foreach (var e in shown)
            switch (e.Data)
            {
                case ApplicationSubmitted a: named.Add((a.HolderPartyId, a.HolderKind, a.SpecialCare)); break;
                case HolderTransferred t: named.Add((t.NewHolderPartyId, t.NewHolderKind, t.SpecialCare)); break;
            }
        var holders = named.DistinctBy(n => n.Id).Select(n =>
        {
            var record = records.GetValueOrDefault(n.Id);
            return HolderView.Of(n.Id, n.Kind, n.SpecialCare, record, record is null ? null : vault.Unlock(record), Disclosure.Masked);
        }).ToArray();
        // R-SUP-5: the gas terms in force from the shown events' first date to their last (or asOf).
        static DateTimeOffset Occurred(StoredEvent e) => ((GasLedger.Domain.Accounts.IAccountEvent)e.Data).OccurredAt;
        var inForce = shown.Length == 0 ? []
            : GasLedger.Domain.Supply.GasTerms.Over(terms, policy.LocalDate(Occurred(shown[0])), policy.LocalDate(at ?? Occurred(shown[^1])));
        return Results.Ok(new HistoryPage(items, number, size, upTo, holders, inForce));
    }

    /// <summary>An event of the stream as stored: its metadata and its data.</summary>
    private sealed record StoredEvent(Guid Id, long Sequence, long Version, Type Type, object Data, DateTimeOffset Timestamp,
        string? UserName, string? CorrelationId, string? CausationId);

    /// <summary>The event types by the .NET type name Marten stores beside each event.</summary>
    private static class EventTypes
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> Known = new();

        public static Type Of(string name) => Known.GetOrAdd(name, n =>
            Type.GetType(n) ?? throw new InvalidOperationException($"Unknown event type {n}"));
    }

    /// <summary>An event as the history shows it: the application's address to the building (R-INT-2).</summary>
    internal static object Masked(object data) => data is ApplicationSubmitted a ? a with { Address = Masking.Address(a.Address) } : data;

}
