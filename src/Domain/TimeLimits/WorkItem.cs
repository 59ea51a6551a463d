using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.TimeLimits;

/// <summary>The commitments of the rule catalogue whose keeping GasLedger tracks.</summary>
public enum CommitmentKind
{
    /// <summary>R-INS-2.</summary>
    Installation,
    /// <summary>R-IGN-1.</summary>
    Ignition,
    /// <summary>R-INSP-3.</summary>
    RequestedInspection,
    /// <summary>R-CMP-4: first reply.</summary>
    ComplaintReply,
    /// <summary>R-CMP-4: handling decision.</summary>
    ComplaintDecision,
    /// <summary>R-CMP-4: resolution.</summary>
    ComplaintResolution,
    /// <summary>R-CMP-6.</summary>
    FirstResponder,
    /// <summary>R-REP-2: handled (on site).</summary>
    RepairHandling,
    /// <summary>R-REP-2: repaired.</summary>
    RepairCompletion,
    /// <summary>R-REP-2: emergency arrival.</summary>
    EmergencyArrival,
    /// <summary>R-SUP-1.</summary>
    InterruptionNotice,
    /// <summary>R-APP-4.</summary>
    CounterHandling,
    /// <summary>R-TL-1: a visit the holder asked for (unseal, stop supply, hose replacement), 3 working days.</summary>
    HolderVisit,
    /// <summary>R-TL-3: a repair at the holder's home reached within 6 office hours in the city, 7 in the suburbs.</summary>
    RepairArrival,
}

public enum WorkState { Open, Met, Breached }

/// <summary>
/// 时限 — one commitment on one piece of work: when the clock started, when it is due, when the work was done.
/// <see cref="DueAt"/> of working-day commitments is the end of the N-th working day (R-CAL-3); of hour and minute
/// commitments, the clock. <see cref="Provisional"/>: the due time relies on a year whose official holiday arrangement
/// is not yet known (R-CAL-1).
/// </summary>
public sealed record WorkItem(
    string Id,
    CommitmentKind Kind,
    string Rule,
    string Commitment,
    Guid? WorkId,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? DoneAt,
    bool Provisional,
    string? Owner)
{
    /// <summary>
    /// R-TL-2: the clock's pauses, each with its reason; while one is open (<see cref="PausedSince"/>) the clock stands, and
    /// a resumption moves <see cref="DueAt"/> on by the time it stood, so the breach is judged on the running time.
    /// </summary>
    public IReadOnlyList<ClockPause> Pauses { get; init; } = [];

    public DateTimeOffset? PausedSince { get; init; }

    /// <summary>
    /// Breached as soon as the due time passes with the work undone, whether or not an event arrives; never while the
    /// clock stands (R-TL-2).
    /// </summary>
    public WorkState StateAt(DateTimeOffset now) =>
        DoneAt is { } done ? done <= DueAt ? WorkState.Met : WorkState.Breached
        : PausedSince is not null ? WorkState.Open
        : now > DueAt ? WorkState.Breached
        : WorkState.Open;

    /// <summary>R-TL-2: the clock stopped at <paramref name="at"/> for <paramref name="reason"/>.</summary>
    public WorkItem Paused(DateTimeOffset at, PauseReason reason, string? note) =>
        this with { PausedSince = at, Pauses = [.. Pauses, new ClockPause(at, null, reason, note)] };

    /// <summary>R-TL-2: the clock running again at <paramref name="at"/>: due later by the time it stood. Not paused: as is.</summary>
    public WorkItem Resumed(DateTimeOffset at) =>
        PausedSince is not { } since ? this
        : this with
        {
            PausedSince = null,
            DueAt = DueAt + (at > since ? at - since : TimeSpan.Zero),
            Pauses = [.. Pauses.Take(Pauses.Count - 1), Pauses[^1] with { Until = at }],
        };
}

/// <summary>R-TL-2: why a clock stands. 用户不在 / 用户另约时间 / 不可抗力.</summary>
public enum PauseReason { HolderAbsent, HolderAskedLater, ForceMajeure }

/// <summary>R-TL-2: one stop of a work item's clock, from and until (open while it stands), with its reason.</summary>
public sealed record ClockPause(DateTimeOffset From, DateTimeOffset? Until, PauseReason Reason, string? Note);

/// <summary>R-TL-2: a work item's clock stopped, with the reason.</summary>
public sealed record ClockPaused(string ItemId, PauseReason Reason, string? Note, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>R-TL-2: a work item's clock running again.</summary>
public sealed record ClockResumed(string ItemId, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>Decisions on a work item's clock (R-TL-2), on the account's time limits as they stand.</summary>
public static class ClockDecisions
{
    /// <summary>R-TL-2: an open item whose clock runs may be paused, with a reason.</summary>
    public static Decision Pause(AccountTimeLimits limits, ClockPaused paused)
    {
        if (limits.Items.GetValueOrDefault(paused.ItemId) is not { } item)
            return Decision.NotFound($"Account has no time limit {paused.ItemId}.");
        if (item.DoneAt is not null)
            return Decision.Refuse($"Time limit {paused.ItemId} is done: its clock has stopped for good. Nothing was written.");
        if (item.PausedSince is not null)
            return Decision.Refuse($"The clock of {paused.ItemId} stands already since {item.PausedSince:O}. Nothing was written.");
        if (paused.OccurredAt < item.StartedAt)
            return Decision.InvalidField("occurredAt", "may not be before the time limit started.");
        return Decision.Accepting(paused);
    }

    /// <summary>R-TL-2: a paused clock is resumed.</summary>
    public static Decision Resume(AccountTimeLimits limits, ClockResumed resumed)
    {
        if (limits.Items.GetValueOrDefault(resumed.ItemId) is not { } item)
            return Decision.NotFound($"Account has no time limit {resumed.ItemId}.");
        if (item.PausedSince is null)
            return Decision.Refuse($"The clock of {resumed.ItemId} is not paused. Nothing was written.");
        return Decision.Accepting(resumed);
    }
}
