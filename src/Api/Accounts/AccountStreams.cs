using System.Text.Json;
using GasLedger.Api.Calendar;
using GasLedger.Api.Hosting;
using GasLedger.Api.Security;
using GasLedger.Domain.TimeLimits;
using Marten;

namespace GasLedger.Api.Accounts;

/// <summary>What every command body may carry (api-contract.md, Conventions).</summary>
public abstract record AccountCommand
{
    /// <summary>The stream version the client last saw; if present and stale the answer is 409 and nothing is written.</summary>
    public long? Version { get; init; }

    /// <summary>Business time: when it happened in the world. Default now.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>
/// The answer of a command on an account: its new version, and the time limits the command started, with their due
/// times (R-CAL-3 for working days, the clock for hours and minutes).
/// </summary>
public record CommandAnswer(Guid AccountId, long Version)
{
    public IReadOnlyList<TimeLimitStarted> TimeLimits { get; init; } = [];
}

public sealed record TimeLimitStarted(string Id, CommitmentKind Kind, string Rule, string Commitment, DateTimeOffset DueAt,
    bool Provisional);

/// <summary>
/// The A-frame around every decision on an existing account: load the stream for writing, check the client's
/// version and the business time, call the pure decision, append what it accepted with who recorded it, save.
/// A refusal writes nothing. A concurrent writer that got in first makes the save fail with a concurrency
/// exception, which the host answers with 409.
/// </summary>
public sealed class AccountStreams(IDocumentSession session, TimeProvider clock, ServicePolicy policy, IHttpContextAccessor http,
    Calendars calendars, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public IDocumentSession Session => session;

    public ServicePolicy Policy => policy;

    public HttpContext Http => http.HttpContext!;

    /// <summary>
    /// Begins the transaction and, if the request carries an <c>Idempotency-Key</c>, locks its row: false if a twin
    /// request with the key committed first (write nothing; its answer is replayed).
    /// </summary>
    public async Task<bool> Claim(CancellationToken ct) =>
        IdempotencyClaim.Of(http.HttpContext) is not { } claim || await claim.Lock(session, ct);

    public DateTimeOffset Now => clock.GetUtcNow();

    public static readonly IReadOnlyDictionary<string, string[]> NegativeVersion =
        new Dictionary<string, string[]> { ["version"] = ["must be 0 or more: the stream version the client last saw."] };

    /// <summary>Who records this: the staff id of the credentials.</summary>
    public string StaffId => http.HttpContext?.User.StaffId() ?? "system";

    public Task<IResult> Decide(
        Guid accountId, AccountCommand command, Func<Account, DateTimeOffset, Decision> decide,
        Func<long, object>? answer = null, int successStatus = StatusCodes.Status200OK, CancellationToken ct = default) =>
        DecideAsync(accountId, command, (account, at) => ValueTask.FromResult(decide(account, at)), answer, successStatus, ct);

    /// <summary>
    /// As <see cref="Decide"/>, for a decision that needs something from outside first (a complaint number drawn only
    /// once the complaint is known to fit).
    /// </summary>
    public async Task<IResult> DecideAsync(
        Guid accountId, AccountCommand command, Func<Account, DateTimeOffset, ValueTask<Decision>> decide,
        Func<long, object>? answer = null, int successStatus = StatusCodes.Status200OK, CancellationToken ct = default)
    {
        if (command.Version is < 0) return Problems.Invalid(NegativeVersion);
        if (!await Claim(ct)) return Results.Empty; // a twin request committed: its answer is replayed
        var stream = await session.Events.FetchForWriting<Account>(accountId, ct);
        var account = stream.Aggregate;
        if (account is null)
            return Problems.NotFound($"No account {accountId}.");
        var current = stream.CurrentVersion ?? account.Version;
        if (command.Version is { } expected && expected != current)
            return Problems.Conflict($"Stale version: the request carries version {expected}, account {account.Number} is at version {current}. Nothing was written.");

        var occurredAt = command.OccurredAt ?? Now;
        var decision = AccountRules.CheckBusinessTime(account, occurredAt, Now, policy) ?? await decide(account, occurredAt);
        switch (decision)
        {
            case Decision.Accept accepted:
                TagWithRequest();
                stream.AppendMany(WithCausation(accepted.Events));
                var version = current + accepted.Events.Count;
                var body = (answer?.Invoke(version) as CommandAnswer ?? new CommandAnswer(accountId, version))
                    with { TimeLimits = accepted.Events.Any(AccountTimeLimits.MayStart)
                        ? await TimeLimitsStarted(accountId, current, accepted.Events, ct) : [] };
                return await Commit(body, successStatus, ct);
            default:
                return Problems.Refused(decision);
        }
    }

    /// <summary>
    /// Saves the unit of work with its answer: the answer is written once, as the bytes the client gets, and kept for its
    /// <c>Idempotency-Key</c> in the same transaction as the events (<see cref="IdempotencyClaim"/>).
    /// </summary>
    public async Task<IResult> Commit(object answer, int status, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(answer, answer.GetType(), json.Value.SerializerOptions);
        IdempotencyClaim.Of(http.HttpContext)?.Keep(session, status, JsonContentType, bytes);
        await session.SaveChangesAsync(ct);
        return new Answer(bytes, status);
    }

    /// <summary>An answer already written as JSON bytes.</summary>
    private sealed class Answer(byte[] body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = JsonContentType;
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        }
    }

    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>
    /// The time limits <paramref name="appended"/> (the events after <paramref name="before"/>) started or moved, as the
    /// time-limit read model will count them: the same pure <see cref="AccountTimeLimits.Follow"/>, on the calendar in
    /// force, on from the read model's document where the daemon left it (its <see cref="AccountTimeLimits.Version"/>),
    /// reading only the events between it and this command; from the start of the stream when there is none.
    /// </summary>
    private async Task<IReadOnlyList<TimeLimitStarted>> TimeLimitsStarted(Guid accountId, long before,
        IReadOnlyList<IAccountEvent> appended, CancellationToken ct)
    {
        var calendar = calendars.Current;
        var earlier = await TimeLimitsAt(accountId, before, ct);
        var state = earlier;
        var version = before;
        foreach (var e in appended) state = AccountTimeLimits.Follow(state, accountId, e, ++version, calendar, policy);
        return state is null ? [] : state.Items.Values
            .Where(i => i.DoneAt is null && earlier?.Items.GetValueOrDefault(i.Id) != i)
            .Select(i => new TimeLimitStarted(i.Id, i.Kind, i.Rule, i.Commitment, i.DueAt, i.Provisional))
            .ToArray();
    }

    /// <summary>
    /// The account's time limits at stream version <paramref name="version"/>, as the time-limit read model counts them: the
    /// same pure <see cref="AccountTimeLimits.Follow"/>, on the calendar in force, on from the read model's document where the
    /// daemon left it, reading only the events between it and that version; from the start of the stream when there is
    /// none. Null for a stream with no events.
    /// </summary>
    public async Task<AccountTimeLimits?> TimeLimitsAt(Guid accountId, long version, CancellationToken ct)
    {
        var calendar = calendars.Current;
        var state = await session.LoadAsync<AccountTimeLimits>(accountId, ct) is { Version: > 0 } stored && stored.Version <= version
            ? stored : null;
        if ((state?.Version ?? 0) < version)
            foreach (var e in await session.Events.FetchStreamAsync(accountId, version, fromVersion: (state?.Version ?? 0) + 1, token: ct))
                state = AccountTimeLimits.Follow(state, accountId, (IAccountEvent)e.Data, e.Version, calendar, policy);
        return state;
    }

    /// <summary>
    /// The events to append, each wrapped with its own id; one that an earlier event of the same decision led to
    /// (<see cref="Causation"/>) records that event's id as its causation.
    /// </summary>
    private object[] WithCausation(IReadOnlyList<IAccountEvent> events)
    {
        var wrapped = new JasperFx.Events.IEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            wrapped[i] = session.Events.BuildEvent(events[i]);
            wrapped[i].Id = Guid.CreateVersion7();
            if (Causation.CausedBy(events, i) is { } cause) wrapped[i].CausationId = wrapped[cause].Id.ToString();
        }
        return wrapped;
    }

    /// <summary>Stamps the unit of work with who recorded it and the request's correlation id.</summary>
    public void TagWithRequest()
    {
        session.LastModifiedBy = StaffId;
        var context = http.HttpContext;
        if (context is not null)
            session.CorrelationId = context.Request.Headers["X-Correlation-Id"].FirstOrDefault() ?? context.TraceIdentifier;
    }
}
