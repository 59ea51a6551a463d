namespace GasLedger.Domain.Callbacks;

/// <summary>
/// 回访 — a callback (R-CB-2): its kind, the work it follows, reached or not, satisfaction, whether an irregular
/// charge was reported (R-CB-4), opinions and needs.
/// </summary>
public sealed record CallbackMade(
    Guid CallbackId,
    CallbackKind Kind,
    string Staff,
    Guid? FollowsWorkId,
    bool Reached,
    SatisfactionLevel? Satisfaction,
    bool IrregularChargeReported,
    string? IrregularChargeDetail,
    string? Opinions,
    DateTimeOffset OccurredAt,
    IReadOnlyList<QuestionAnswer>? Answers = null,
    string? Needs = null) : Accounts.IAccountEvent
{
    /// <summary>
    /// R-CB-4: the over-length pipe charge (超长收费, CNY) the holder says was taken, when the callback asked; checked
    /// against the charge recorded at installation (R-INS-3). Optional: absent in callbacks that did not ask, and then
    /// left out of the stored event, so events written before it existed and after read alike.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? OverLengthChargeHeard { get; init; }
}

/// <summary>
/// 满意度评价 — a technician rating on the four items of R-SAT-2, or a counter keypad evaluation (R-SAT-1).
/// </summary>
public sealed record RatingGiven(
    Guid RatingId,
    RatingSource Source,
    string Staff,
    ServiceStage Stage,
    SatisfactionLevel? Attitude,
    SatisfactionLevel? Skill,
    SatisfactionLevel? ArrivalTime,
    SatisfactionLevel? PromiseKeeping,
    SatisfactionLevel? Satisfaction,
    DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>R-CB-7: the questions a callback asks. 服务态度 / 及时性 / 质量 / 收费.</summary>
public enum CallbackQuestion { Attitude, Timeliness, Quality, Charges }

/// <summary>R-CB-7: the holder's satisfaction with one question asked; each is an observation of the index.</summary>
public sealed record QuestionAnswer(CallbackQuestion Question, SatisfactionLevel Satisfaction);
