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
    /// <summary>Breached as soon as the due time passes with the work undone, whether or not an event arrives.</summary>
    public WorkState StateAt(DateTimeOffset now) =>
        DoneAt is { } done ? done <= DueAt ? WorkState.Met : WorkState.Breached
        : now > DueAt ? WorkState.Breached
        : WorkState.Open;
}
