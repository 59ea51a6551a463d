namespace GasLedger.Domain;

// The numbers of the satisfaction index (R-SAT-3/4) and of callbacks (R-CB-1, R-CB-5).
public sealed partial record ServicePolicy
{
    /// <summary>R-SAT-3: score of 非常满意 (very satisfied).</summary>
    public decimal ScoreVerySatisfied { get; init; } = 100m;

    /// <summary>R-SAT-3: score of 满意 (satisfied).</summary>
    public decimal ScoreSatisfied { get; init; } = 80m;

    /// <summary>R-SAT-3: score of 基本满意 (fairly satisfied).</summary>
    public decimal ScoreFairlySatisfied { get; init; } = 60m;

    /// <summary>R-SAT-3: score of 不满意 (dissatisfied).</summary>
    public decimal ScoreDissatisfied { get; init; } = 0m;

    /// <summary>R-SAT-4: weight of callbacks in the satisfaction index.</summary>
    public decimal SatisfactionWeightCallbacks { get; init; } = 0.4m;

    /// <summary>R-SAT-4: weight of technician ratings in the satisfaction index.</summary>
    public decimal SatisfactionWeightTechnicianRatings { get; init; } = 0.3m;

    /// <summary>R-SAT-4: weight of the counter keypad (满意度评价器) in the satisfaction index.</summary>
    public decimal SatisfactionWeightCounterKeypad { get; init; } = 0.2m;

    /// <summary>R-SAT-4: weight of complaint follow-ups in the satisfaction index.</summary>
    public decimal SatisfactionWeightComplaintFollowUps { get; init; } = 0.1m;

    /// <summary>R-SAT-5: the weight of mystery-customer visits (神秘客户访问), renormalised with the others present.</summary>
    public decimal SatisfactionWeightMysteryCustomer { get; init; } = 0.1m;

    /// <summary>R-SAT-5: the weight of periodic satisfaction surveys (满意度调查).</summary>
    public decimal SatisfactionWeightSurveys { get; init; } = 0.1m;

    /// <summary>R-SAT-4: the index is shown rounded to this many decimals (and kept unrounded).</summary>
    public int SatisfactionDisplayDecimals { get; init; } = 1;

    /// <summary>R-CB-1: required callback rate after ignition (in the week after the ignition's week).</summary>
    public decimal RequiredRateAfterIgnition { get; init; } = 1.00m;

    /// <summary>R-CB-1: required callback rate after inspection (in the week after the inspection's week).</summary>
    public decimal RequiredRateAfterInspection { get; init; } = 0.80m;

    /// <summary>R-CB-1: required callback rate after an individual (散户) installation (in the month after).</summary>
    public decimal RequiredRateAfterInstallation { get; init; } = 1.00m;

    /// <summary>R-CB-1: every repair is called back.</summary>
    public decimal RequiredRateAfterRepair { get; init; } = 1.00m;

    /// <summary>R-CB-1: every complaint resolution is called back.</summary>
    public decimal RequiredRateAfterComplaint { get; init; } = 1.00m;

    /// <summary>R-CB-1: every key customer (R-CLS-4) is called back once a quarter.</summary>
    public decimal RequiredRateKeyCustomer { get; init; } = 1.00m;

    /// <summary>
    /// R-CB-1: holiday courtesy callbacks have no required rate in the rules: null means none, so they are
    /// reported but never cost points (R-CB-5).
    /// </summary>
    public decimal? RequiredRateHoliday { get; init; }

    /// <summary>
    /// R-CB-1: a callback after a repair or a complaint resolution is due within this many days, the day of the
    /// work being the first (the rule says "every one"; R-REP-3 asks for it at once).
    /// </summary>
    public int AfterWorkCallbackDays { get; init; } = 7;

    /// <summary>R-CB-1: holiday courtesy callbacks are due in this many days before the holiday.</summary>
    public int HolidayCallbackDaysBefore { get; init; } = 7;

    /// <summary>
    /// R-CB-1: the first day of each Spring Festival (春节) for the courtesy callbacks; lunar, so kept as data. National
    /// Day (国庆节) is 1 October every year.
    /// </summary>
    public DateOnly[] SpringFestivals { get; init; } =
    [
        new(2025, 1, 29), new(2026, 2, 17), new(2027, 2, 6), new(2028, 1, 26), new(2029, 2, 13), new(2030, 2, 3),
    ];

    /// <summary>R-CB-5: the width of one deduction band of a callback rate below its required rate.</summary>
    public decimal CallbackDeductionBand { get; init; } = 0.10m;

    /// <summary>R-CB-5: points of the month's performance score lost per band (or part of one).</summary>
    public int CallbackDeductionPointsPerBand { get; init; } = 1;

    /// <summary>
    /// R-CB-5: the staff member answerable for each kind's callback rate, by kind name (<c>afterIgnition</c> …).
    /// A kind with no owner here is answered for by the staff who made that kind's callbacks that month.
    /// </summary>
    public Dictionary<string, string> CallbackOwners { get; init; } = new();

    /// <summary>R-SAT-3: the score of a level.</summary>
    public decimal Score(SatisfactionLevel level) => level switch
    {
        SatisfactionLevel.VerySatisfied => ScoreVerySatisfied,
        SatisfactionLevel.Satisfied => ScoreSatisfied,
        SatisfactionLevel.FairlySatisfied => ScoreFairlySatisfied,
        SatisfactionLevel.Dissatisfied => ScoreDissatisfied,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>R-CB-1: the required rate of a callback kind, or null where the rules set none.</summary>
    public decimal? RequiredCallbackRate(CallbackKind kind) => kind switch
    {
        CallbackKind.AfterIgnition => RequiredRateAfterIgnition,
        CallbackKind.AfterInspection => RequiredRateAfterInspection,
        CallbackKind.AfterInstallation => RequiredRateAfterInstallation,
        CallbackKind.AfterRepair => RequiredRateAfterRepair,
        CallbackKind.AfterComplaint => RequiredRateAfterComplaint,
        CallbackKind.KeyCustomer => RequiredRateKeyCustomer,
        CallbackKind.Holiday => RequiredRateHoliday,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
