using System.Globalization;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Satisfaction;
using GasLedger.Domain;

namespace GasLedger.Projections.Satisfaction;

/// <summary>
/// 满意度观测 — one row of the satisfaction index (R-SAT-1/3): an observation with its score, the account's district,
/// the service stage and staff member it rates, and its business time, company date and month (R-CAL-4). Its id is the
/// id of the event that made it.
/// </summary>
public sealed record SatisfactionObservation(
    string Id,
    Guid AccountId,
    string AccountNumber,
    string District,
    SatisfactionSource Source,
    decimal Score,
    SatisfactionLevel? Level,
    ServiceStage Stage,
    string? Staff,
    Guid? WorkId,
    CallbackKind? CallbackKind,
    DateTimeOffset OccurredAt,
    string Date,
    string Month,
    CallbackQuestion? Question = null);
