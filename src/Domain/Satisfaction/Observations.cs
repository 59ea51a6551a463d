using GasLedger.Domain.Accounts;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;

namespace GasLedger.Domain.Satisfaction;

/// <summary>
/// 满意度观测 — one satisfaction observation (R-SAT-1): its source, its score (R-SAT-3), the level it was given (none for
/// a technician rating, whose score is the mean of its four items), the service stage and the staff member whose work
/// it rates, the work it is about, and its business time.
/// </summary>
public sealed record Observation(
    SatisfactionSource Source,
    decimal Score,
    SatisfactionLevel? Level,
    ServiceStage Stage,
    string? Staff,
    Guid? WorkId,
    CallbackKind? CallbackKind,
    DateTimeOffset OccurredAt)
{
    /// <summary>R-CB-7: the callback's question this observation answers, where it answers one.</summary>
    public CallbackQuestion? Question { get; init; }
}

/// <summary>
/// R-SAT-1..3 as a pure function: the observation an event of an account makes, given the account's events before it.
///
/// - A callback makes one if it reached the holder and carries a satisfaction. It rates the work it follows
///   (<see cref="CallbackWork.FollowedBy"/>): its stage is that work's stage and its staff who did that work (the
///   repair's technician, the ignition technician, the inspector, the installer, whoever resolved the complaint). A
///   key-customer or holiday callback follows no work: it rates the relationship, so its staff is the caller (for key
///   customers their customer manager) and its stage <see cref="ServiceStage.Other"/>. A callback whose work cannot be
///   found has no staff.
/// - A technician rating is ONE observation, scored with the mean of its four items (R-SAT-2): it is one holder's
///   judgement of one visit, and counting it four times would inflate the observation counts the index reports. Every
///   rating has the four items, so the source's mean is the same as over the items one by one.
/// - A counter keypad evaluation is one observation of its level.
/// - A complaint follow-up (R-CMP-5) rates the resolution: its staff is whoever resolved the complaint last.
/// </summary>
public static class Observations
{
    /// <summary>
    /// Every observation an event makes: one per question a callback that reached the holder answered (R-CB-7), else the
    /// one <see cref="Of"/> gives, or none.
    /// </summary>
    public static IReadOnlyList<Observation> All(IAccountEvent e, IReadOnlyList<StreamEvent> before, ServicePolicy policy)
    {
        if (Of(e, before, policy) is not { } overall) return [];
        return e is CallbackMade { Answers: { Count: > 0 } answers }
            ? answers.Select(a => overall with { Score = policy.Score(a.Satisfaction), Level = a.Satisfaction, Question = a.Question })
                .ToArray()
            : [overall];
    }

    public static Observation? Of(IAccountEvent e, IReadOnlyList<StreamEvent> before, ServicePolicy policy)
    {
        switch (e)
        {
            case CallbackMade { Reached: true, Satisfaction: { } level } c:
                if (c.Kind is CallbackKind.KeyCustomer or CallbackKind.Holiday)
                    return new Observation(SatisfactionSource.Callback, policy.Score(level), level, ServiceStage.Other, c.Staff,
                        c.FollowsWorkId, c.Kind, c.OccurredAt);
                var work = CallbackWork.FollowedBy(c, CallbackWork.Of(before));
                return new Observation(SatisfactionSource.Callback, policy.Score(level), level, CallbackWork.StageOf(work?.Kind ?? c.Kind),
                    work?.Staff, work?.WorkId ?? c.FollowsWorkId, c.Kind, c.OccurredAt);

            case RatingGiven r when SatisfactionIndex.Score(r, policy) is { } score:
                var source = r.Source switch
                {
                    RatingSource.Technician => SatisfactionSource.Technician,
                    RatingSource.MysteryCustomer => SatisfactionSource.MysteryCustomer,
                    RatingSource.Survey => SatisfactionSource.Survey,
                    _ => SatisfactionSource.CounterKeypad,
                };
                return new Observation(source, score, r.Source == RatingSource.Technician ? null : r.Satisfaction, r.Stage, r.Staff,
                    null, null, r.OccurredAt);

            case ComplaintFollowedUp f:
                var resolver = before.Select(b => b.Data).OfType<ComplaintResolved>().LastOrDefault(x => x.ComplaintId == f.ComplaintId);
                return new Observation(SatisfactionSource.ComplaintFollowUp, policy.Score(f.Satisfaction), f.Satisfaction,
                    ServiceStage.Complaint, resolver?.By, f.ComplaintId, null, f.OccurredAt);

            default:
                return null;
        }
    }
}
