using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using GasLedger.Api.Security;
using GasLedger.Domain.Supply;
using JasperFx.Core;
using Marten;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace GasLedger.Api.Supply;

// 区域停气 (R-SUP-4): one notice stops and restores the supply of every account of an area, through Wolverine's durable
// messages. The notice is stored with its first message in one transaction (the outbox): at the window's start the
// area's accounts are read and sent on in batches, each batch in one transaction with its accounts' events and a
// delivery row per account; at the window's end (or when the restore is ordered) the accounts the interruption reached
// are restored the same way. A delivery row is unique per interruption and account, and the account keeps the
// interruptions it had, so a message delivered again after a crash adds nothing: each account gets exactly one
// interruption and one restoration.

/// <summary>The body of <c>POST /api/supply/interruptions</c>.</summary>
public sealed record AnnounceInterruption
{
    [Required] public InterruptionKind? Kind { get; init; }
    [Required] public SupplyArea? Area { get; init; }

    /// <summary>When supply stops. An emergency one: when it stopped (default now).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>When supply comes back by plan: required for a planned interruption, an estimate for an emergency.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>How the holders were told (R-SUP-4): posting, property office, SMS, media, phone.</summary>
    [Required] public IReadOnlyList<NoticeChannel>? Channels { get; init; }

    /// <summary>When the holders were told (default now): 48 hours before a planned one (R-SUP-1).</summary>
    public DateTimeOffset? NoticeGivenAt { get; init; }

    public string? Remarks { get; init; }
}

/// <summary>The body of <c>POST /api/supply/interruptions/{id}/restore</c>.</summary>
public sealed record RestoreInterruption
{
    [Required] public ResumptionReason? Reason { get; init; }

    /// <summary>When supply came back (default now).</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>停气通知 — an area interruption as recorded, with where its fan-out stands.</summary>
public sealed record AreaInterruption
{
    public Guid Id { get; init; }
    public InterruptionKind Kind { get; init; }
    public SupplyArea Area { get; init; } = new("", null, null);
    public DateTimeOffset From { get; init; }
    public DateTimeOffset? Until { get; init; }
    public IReadOnlyList<NoticeChannel> Channels { get; init; } = [];
    public DateTimeOffset NoticeGivenAt { get; init; }
    public string? Remarks { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>When the area's accounts were read (the window started), and how many of them had gas on.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    public int? Accounts { get; init; }

    /// <summary>When supply came back (ordered, or the window's end) and why.</summary>
    public DateTimeOffset? RestoreAt { get; init; }
    public ResumptionReason? RestoreReason { get; init; }

    /// <summary>When the restorations were sent to the accounts the interruption reached.</summary>
    public DateTimeOffset? RestoringSince { get; init; }
}

/// <summary>
/// One account's part of an interruption: interrupted when (or skipped: no gas on by the time its batch ran), restored
/// when. Its id comes from the interruption and the account, so there is one row per pair.
/// </summary>
public sealed record InterruptionDelivery
{
    public Guid Id { get; init; }
    public Guid InterruptionId { get; init; }
    public Guid AccountId { get; init; }
    public DateTimeOffset? InterruptedAt { get; init; }
    public DateTimeOffset? RestoredAt { get; init; }

    public static Guid IdOf(Guid interruption, Guid account)
    {
        Span<byte> both = stackalloc byte[32];
        interruption.TryWriteBytes(both[..16]);
        account.TryWriteBytes(both[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(both, hash);
        return new Guid(hash[..16]);
    }
}

/// <summary>An interruption as the API answers it: the notice and its progress over the area's accounts.</summary>
public sealed record InterruptionView(Guid InterruptionId, InterruptionKind Kind, SupplyArea Area, DateTimeOffset From,
    DateTimeOffset? Until, IReadOnlyList<NoticeChannel> Channels, DateTimeOffset NoticeGivenAt, string? Remarks, string RecordedBy,
    DateTimeOffset RecordedAt, string Status, int? Accounts, long Interrupted, long Skipped, long Restored, DateTimeOffset? RestoreAt,
    ResumptionReason? RestoreReason)
{
    public static async Task<InterruptionView> Of(AreaInterruption n, IQuerySession session, CancellationToken ct)
    {
        var rows = session.Query<InterruptionDelivery>().Where(d => d.InterruptionId == n.Id);
        var interrupted = await rows.Where(d => d.InterruptedAt != null).LongCountAsync(ct);
        var skipped = await rows.Where(d => d.InterruptedAt == null).LongCountAsync(ct);
        var restored = await rows.Where(d => d.RestoredAt != null).LongCountAsync(ct);
        var status = n.StartedAt is null ? "announced"
            : interrupted + skipped < n.Accounts ? "interrupting"
            : n.RestoringSince is null ? "interrupted"
            : restored < interrupted ? "restoring" : "restored";
        return new InterruptionView(n.Id, n.Kind, n.Area, n.From, n.Until, n.Channels, n.NoticeGivenAt, n.Remarks, n.RecordedBy,
            n.RecordedAt, status, n.Accounts, interrupted, skipped, restored, n.RestoreAt, n.RestoreReason);
    }
}

/// <summary>The window of an interruption has begun: its area's accounts are read and sent on.</summary>
public sealed record StartInterruption(Guid InterruptionId);

/// <summary>A batch of the area's accounts to interrupt.</summary>
public sealed record InterruptAccounts(Guid InterruptionId, Guid[] AccountIds);

/// <summary>Supply comes back: once every account was reached, the interrupted ones are sent on.</summary>
public sealed record EndInterruption(Guid InterruptionId);

/// <summary>A batch of interrupted accounts to restore.</summary>
public sealed record RestoreAccounts(Guid InterruptionId, Guid[] AccountIds);

/// <summary>停气通知 — announcing an area interruption.</summary>
public static class AnnounceInterruptionEndpoint
{
    /// <summary>Accounts a message carries: one transaction each batch.</summary>
    public const int BatchSize = 100;

    public static ProblemDetails Validate(AnnounceInterruption cmd) =>
        Problems.Check(new FieldErrors().Require(cmd.Kind, "kind").Require(cmd.Area, "area").Require(cmd.Channels, "channels"));

    /// <summary>停气通知 — announce a planned or emergency interruption of an area.</summary>
    /// <remarks>
    /// One notice for an area — a district, a community of it, or listed buildings of a community — with its channels
    /// and window (R-SUP-1/4). At <c>from</c> every account of the area with gas on gets its <c>supplyInterrupted</c>
    /// event; at <c>until</c> (or when the restore is ordered) each gets its <c>supplyRestored</c>, exactly once each,
    /// through durable messages that resume after a crash. 201 with the notice. 400 when a field is missing or
    /// wrong: a planned interruption needs its <c>until</c> and a notice at least 48 hours before <c>from</c>; an
    /// emergency one is notified at once (<c>noticeGivenAt</c> not after <c>from</c>).
    /// </remarks>
    [WolverinePost("/api/supply/interruptions"), ProducesResponseType<InterruptionView>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(AnnounceInterruption cmd, Accounts.AccountStreams streams, IMartenOutbox outbox,
        CancellationToken ct)
    {
        var now = streams.Now;
        var policy = streams.Policy;
        var area = cmd.Area! with
        {
            District = cmd.Area!.District?.Trim() ?? "",
            Community = string.IsNullOrWhiteSpace(cmd.Area.Community) ? null : cmd.Area.Community.Trim(),
            Buildings = cmd.Area.Buildings?.Select(b => b?.Trim() ?? "").Distinct().ToArray(),
        };
        var notice = cmd.NoticeGivenAt ?? now;
        var from = cmd.From ?? (cmd.Kind == InterruptionKind.Emergency ? notice : now);
        var errors = AreaInterruptionDecisions.CheckNotice(area, cmd.Kind!.Value, from, cmd.Until, cmd.Channels!, notice, policy)
            .When(notice > now + policy.AllowedClockSkew, "noticeGivenAt", "may not be in the future.")
            .When(cmd.Remarks?.Length > 500, "remarks", "may be at most 500 characters.");
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        if (!await streams.Claim(ct)) return Results.Empty; // a twin request committed: its answer is replayed

        var interruption = new AreaInterruption
        {
            Id = Guid.CreateVersion7(), Kind = cmd.Kind.Value, Area = area, From = from, Until = cmd.Until,
            Channels = cmd.Channels!.Distinct().ToArray(), NoticeGivenAt = notice, Remarks = cmd.Remarks?.Trim(),
            RecordedBy = streams.StaffId, RecordedAt = now,
            CorrelationId = streams.Http.Request.Headers["X-Correlation-Id"].FirstOrDefault() ?? streams.Http.TraceIdentifier,
        };
        outbox.Enroll(streams.Session); // the messages are stored with the notice, and sent once it is committed
        streams.Session.Store(interruption);
        if (from > now) await outbox.ScheduleAsync(new StartInterruption(interruption.Id), from);
        else await outbox.PublishAsync(new StartInterruption(interruption.Id));
        if (interruption.Until is { } until)
        {
            if (until > now) await outbox.ScheduleAsync(new EndInterruption(interruption.Id), until);
            else await outbox.PublishAsync(new EndInterruption(interruption.Id));
        }
        streams.Http.Response.Headers.Location = $"/api/supply/interruptions/{interruption.Id}";
        var view = new InterruptionView(interruption.Id, interruption.Kind, area, from, interruption.Until, interruption.Channels,
            notice, interruption.Remarks, interruption.RecordedBy, now, "announced", null, 0, 0, 0, null, null);
        return await streams.Commit(view, StatusCodes.Status201Created, ct);
    }

}

/// <summary>复气 — restoring an interrupted area.</summary>
public static class RestoreInterruptionEndpoint
{
    public static ProblemDetails Validate(RestoreInterruption cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason"));

    /// <summary>复气 — restore the supply of an interrupted area.</summary>
    /// <remarks>
    /// Orders supply back to every account the interruption reached, with the reason (R-SUP-2/4); before the planned
    /// end, or for an emergency interruption. 202 with the notice; the restorations follow. 404 for no such
    /// interruption; 409 when it has not started yet or supply is already back.
    /// </remarks>
    [WolverinePost("/api/supply/interruptions/{interruptionId}/restore"),
     ProducesResponseType<InterruptionView>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Restore(Guid interruptionId, RestoreInterruption cmd, Accounts.AccountStreams streams,
        IMartenOutbox outbox,
        CancellationToken ct)
    {
        var now = streams.Now;
        var at = cmd.OccurredAt ?? now;
        if (at > now + streams.Policy.AllowedClockSkew)
            return Problems.Invalid(new Dictionary<string, string[]> { ["occurredAt"] = ["may not be in the future."] });
        if (!await streams.Claim(ct)) return Results.Empty;
        var interruption = await streams.Session.LoadAsync<AreaInterruption>(interruptionId, ct);
        if (interruption is null) return Problems.NotFound($"No interruption {interruptionId}.");
        if (interruption.StartedAt is null)
            return Problems.Conflict(
                $"Interruption {interruptionId} starts at {interruption.From:O}: supply has not stopped yet. Nothing was written.");
        if (interruption.RestoreAt is not null)
            return Problems.Conflict(
                $"Supply of interruption {interruptionId} was restored at {interruption.RestoreAt:O}. Nothing was written.");
        if (at < interruption.From)
            return Problems.Invalid(new Dictionary<string, string[]> { ["occurredAt"] = ["may not be before the interruption's start."] });

        var ordered = interruption with { RestoreAt = at, RestoreReason = cmd.Reason };
        outbox.Enroll(streams.Session);
        streams.Session.Store(ordered);
        await outbox.PublishAsync(new EndInterruption(interruptionId));
        return await streams.Commit(await InterruptionView.Of(ordered, streams.Session, ct), StatusCodes.Status202Accepted, ct);
    }

}

/// <summary>停气通知 — the interruptions and where each stands.</summary>
public static class InterruptionReadsEndpoint
{
    /// <summary>停气通知 — one interruption and where it stands.</summary>
    /// <remarks>
    /// The notice, and over its area's accounts with gas on: how many were interrupted, skipped (no gas on by then) and
    /// restored; <c>status</c> is announced, interrupting, interrupted, restoring or restored. 404 for no such interruption.
    /// </remarks>
    [WolverineGet("/api/supply/interruptions/{interruptionId}"), ProducesResponseType<InterruptionView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid interruptionId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<AreaInterruption>(interruptionId, ct) is { } n
            ? Results.Ok(await InterruptionView.Of(n, session, ct))
            : Problems.NotFound($"No interruption {interruptionId}.");

    /// <summary>停气通知台账 — the interruptions, latest first.</summary>
    /// <remarks>
    /// The interruptions announced, filtered by <c>district</c> and by the day their window starts (<c>from</c>–<c>to</c>,
    /// company dates), latest first, paged. 400 when a date is not one or the range is reversed.
    /// </remarks>
    [WolverineGet("/api/supply/interruptions"), ProducesResponseType<Paged<InterruptionView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(string? district, [Takes(QueryText.Date)] string? from, [Takes(QueryText.Date)] string? to,
        int? page, int? pageSize, IQuerySession session, ServicePolicy policy, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (number, size) = Paging.Read(page, pageSize, errors);
        var fromDate = ReadInput.Date(from, "from", errors);
        var toDate = ReadInput.Date(to, "to", errors);
        errors.When(fromDate > toDate, "to", "may not be before from.");
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        IQueryable<AreaInterruption> query = session.Query<AreaInterruption>();
        if (!string.IsNullOrWhiteSpace(district)) query = query.Where(n => n.Area.District == district.Trim());
        if (fromDate is { } f) { var start = policy.StartOfLocalDay(f); query = query.Where(n => n.From >= start); }
        if (toDate is { } t) { var end = policy.StartOfLocalDay(t.AddDays(1)); query = query.Where(n => n.From < end); }
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(n => n.From).ThenByDescending(n => n.Id).Skip((number - 1) * size).Take(size)
            .ToListAsync(ct);
        var views = new List<InterruptionView>(rows.Count);
        foreach (var n in rows) views.Add(await InterruptionView.Of(n, session, ct));
        return Results.Ok(new Paged<InterruptionView>(views, number, size, total));
    }
}

/// <summary>
/// The durable messages of an area interruption. Each runs in one Marten transaction with the messages it sends
/// (<c>[Transactional]</c>: Wolverine's outbox); a batch that met a concurrent command on one of its accounts is tried
/// again, and finds done what was done.
/// </summary>
public static class AreaInterruptionHandler
{
    /// <summary>Before the accounts were all reached, the end waits this long and looks again.</summary>
    public static readonly TimeSpan EndRetry = TimeSpan.FromSeconds(2);

    [Transactional]
    public static async Task<OutgoingMessages> Handle(StartInterruption message, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var interruption = await session.LoadAsync<AreaInterruption>(message.InterruptionId, ct);
        if (interruption is null || interruption.StartedAt is not null) return outgoing; // delivered again: done before
        var area = interruption.Area;
        IQueryable<Account> accounts = session.Query<Account>().Where(a => a.Address.District == area.District
            && (a.Status == AccountStatus.Active || a.Status == AccountStatus.Suspended));
        if (area.Community is { } community) accounts = accounts.Where(a => a.Address.Community == community);
        if (area.Buildings is { Count: > 0 } buildings) accounts = accounts.Where(a => buildings.Contains(a.Address.Building));
        var ids = await accounts.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        session.Store(interruption with { StartedAt = clock.GetUtcNow(), Accounts = ids.Count });
        foreach (var batch in ids.Chunk(AnnounceInterruptionEndpoint.BatchSize))
            outgoing.Add(new InterruptAccounts(message.InterruptionId, batch));
        return outgoing;
    }

    [Transactional]
    [RetryNow(typeof(JasperFx.ConcurrencyException), 50, 100, 250, 500, 1000)]
    public static async Task Handle(InterruptAccounts message, IDocumentSession session, CancellationToken ct)
    {
        var interruption = await session.LoadAsync<AreaInterruption>(message.InterruptionId, ct)
            ?? throw new InvalidOperationException($"No interruption {message.InterruptionId}.");
        var done = await Done(session, message.InterruptionId, message.AccountIds, ct);
        Tag(session, interruption);
        foreach (var account in await session.LoadManyAsync<Account>(ct, message.AccountIds))
        {
            if (done.ContainsKey(account.Id)) continue;
            var at = Later(interruption.From, account.LastOccurredAt);
            var events = AreaInterruptionDecisions.Interrupt(account, new SupplyInterrupted(interruption.Id, interruption.Kind,
                interruption.From, interruption.Until, interruption.Channels, interruption.NoticeGivenAt, at));
            if (events.Count > 0) session.Events.Append(account.Id, account.Version + events.Count, events.Cast<object>().ToArray());
            session.Insert(new InterruptionDelivery
            {
                Id = InterruptionDelivery.IdOf(interruption.Id, account.Id), InterruptionId = interruption.Id, AccountId = account.Id,
                InterruptedAt = events.Count > 0 ? at : null,
            });
        }
    }

    [Transactional]
    public static async Task<OutgoingMessages> Handle(EndInterruption message, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var interruption = await session.LoadAsync<AreaInterruption>(message.InterruptionId, ct);
        if (interruption is null || interruption.RestoringSince is not null) return outgoing; // delivered again: done before
        var reached = await session.Query<InterruptionDelivery>().Where(d => d.InterruptionId == interruption.Id).CountAsync(ct);
        if (interruption.StartedAt is null || reached < interruption.Accounts)
        {
            // The window's start, or some of its batches, have not run yet (a crash, a short window): look again.
            outgoing.Add(message.DelayedFor(EndRetry));
            return outgoing;
        }
        var ids = await session.Query<InterruptionDelivery>()
            .Where(d => d.InterruptionId == interruption.Id && d.InterruptedAt != null && d.RestoredAt == null)
            .OrderBy(d => d.AccountId).Select(d => d.AccountId).ToListAsync(ct);
        session.Store(interruption with
        {
            RestoreAt = interruption.RestoreAt ?? interruption.Until ?? clock.GetUtcNow(),
            RestoreReason = interruption.RestoreReason ?? ResumptionReason.WindowEnded,
            RestoringSince = clock.GetUtcNow(),
        });
        foreach (var batch in ids.Chunk(AnnounceInterruptionEndpoint.BatchSize)) outgoing.Add(new RestoreAccounts(interruption.Id, batch));
        return outgoing;
    }

    [Transactional]
    [RetryNow(typeof(JasperFx.ConcurrencyException), 50, 100, 250, 500, 1000)]
    public static async Task Handle(RestoreAccounts message, IDocumentSession session, CancellationToken ct)
    {
        var interruption = await session.LoadAsync<AreaInterruption>(message.InterruptionId, ct)
            ?? throw new InvalidOperationException($"No interruption {message.InterruptionId}.");
        var deliveries = await Done(session, message.InterruptionId, message.AccountIds, ct);
        Tag(session, interruption);
        foreach (var account in await session.LoadManyAsync<Account>(ct, message.AccountIds))
        {
            if (deliveries.GetValueOrDefault(account.Id) is not { RestoredAt: null } delivery) continue;
            var at = Later(interruption.RestoreAt!.Value, account.LastOccurredAt);
            var events = AreaInterruptionDecisions.Restore(account,
                new SupplyRestored(interruption.Id, interruption.RestoreReason!.Value, at));
            if (events.Count > 0) session.Events.Append(account.Id, account.Version + events.Count, events.Cast<object>().ToArray());
            session.Update(delivery with { RestoredAt = at });
        }
    }

    /// <summary>The delivery rows of these accounts for this interruption, by account.</summary>
    private static async Task<Dictionary<Guid, InterruptionDelivery>> Done(IDocumentSession session, Guid interruption,
        Guid[] accounts, CancellationToken ct) =>
        (await session.LoadManyAsync<InterruptionDelivery>(ct, accounts.Select(a => InterruptionDelivery.IdOf(interruption, a))))
        .ToDictionary(d => d.AccountId);

    /// <summary>The accounts' events are recorded by whoever announced the interruption, under its correlation id.</summary>
    private static void Tag(IDocumentSession session, AreaInterruption interruption)
    {
        session.LastModifiedBy = interruption.RecordedBy;
        session.CorrelationId = interruption.CorrelationId;
    }

    /// <summary>Business time never goes back on an account: an event later on it than the window moves this one on.</summary>
    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
