namespace GasLedger.Domain.Complaints;

/// <summary>
/// 投诉 — a complaint was received (R-CMP-1); <see cref="ReceivedBy"/> is its first responder (R-CMP-6). R-CMP-7: who
/// complained — the holder, or another person whose name and contact are in the party record
/// <see cref="ComplainantPartyId"/> (never in the event; R-CMP-8: shown only to the desks that handle complaints).
/// </summary>
public sealed record ComplaintFiled(
    Guid ComplaintId,
    string ComplaintNumber,
    ComplaintChannel Channel,
    ComplaintCategory Category,
    ComplaintComplexity Complexity,
    string Content,
    string ReceivedBy,
    DateTimeOffset OccurredAt,
    Guid? ComplainantPartyId = null) : Accounts.IAccountEvent;

/// <summary>R-CMP-3: a complaint touching life or property safety is escalated at once.</summary>
public sealed record ComplaintEscalated(Guid ComplaintId, string Reason, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>The first reply and handling decision notified to the complainant (R-CMP-4).</summary>
public sealed record ComplaintReplied(Guid ComplaintId, string By, string Decision, DateTimeOffset OccurredAt)
    : Accounts.IAccountEvent;

public sealed record ComplaintResolved(Guid ComplaintId, string By, string Resolution, DateTimeOffset OccurredAt)
    : Accounts.IAccountEvent;

/// <summary>回访 — the complainant was asked about the resolution (R-CMP-5).</summary>
public sealed record ComplaintFollowedUp(Guid ComplaintId, string By, SatisfactionLevel Satisfaction, DateTimeOffset OccurredAt)
    : Accounts.IAccountEvent;

/// <summary>R-CMP-5: the complainant was not satisfied; the complaint is handled again.</summary>
public sealed record ComplaintReopened(Guid ComplaintId, string Reason, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>R-CMP-5: the complainant is satisfied; the complaint is closed.</summary>
public sealed record ComplaintClosed(Guid ComplaintId, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;
