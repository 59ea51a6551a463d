using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Satisfaction;

namespace GasLedger.Domain.Tests;

/// <summary>R-SAT-5: mystery-customer visits and surveys, sources of their own with their own weights.</summary>
public sealed class SatisfactionSourceTests
{
    private static readonly ServicePolicy Policy = Given.Policy;

    private static RatingGiven Rating(RatingSource source, SatisfactionLevel level) =>
        new(Guid.NewGuid(), source, "S-7001", ServiceStage.Counter, null, null, null, null, level, Given.Later);

    [Fact]
    public void R_SAT_5_a_mystery_customer_visit_and_a_survey_answer_are_observations_of_their_own_weighted_apart()
    {
        var mystery = Observations.Of(Rating(RatingSource.MysteryCustomer, SatisfactionLevel.FairlySatisfied), [], Policy)!;
        var survey = Observations.Of(Rating(RatingSource.Survey, SatisfactionLevel.VerySatisfied), [], Policy)!;
        Assert.Equal((SatisfactionSource.MysteryCustomer, 60m), (mystery.Source, mystery.Score));
        Assert.Equal((SatisfactionSource.Survey, 100m), (survey.Source, survey.Score));
        Assert.Equal(0.1m, SatisfactionIndex.Weight(SatisfactionSource.MysteryCustomer, Policy));
        Assert.Equal(0.1m, SatisfactionIndex.Weight(SatisfactionSource.Survey, Policy));

        // Callbacks 80 (weight 0.4) and a mystery visit 60 (0.1): (0.4 × 80 + 0.1 × 60) / 0.5 = 76.
        var index = SatisfactionIndex.Of([new SourceTally(SatisfactionSource.Callback, 1, 80m), new SourceTally(SatisfactionSource.MysteryCustomer, 1, 60m)], Policy);
        Assert.Equal(76m, index.Index);
        Assert.Equal(1, index.Sources.Single(s => s.Source == SatisfactionSource.MysteryCustomer).Observations);
    }
}

/// <summary>R-CB-7: a callback's answer to each question asked is an observation of the index; its needs are kept.</summary>
public sealed class CallbackQuestionTests
{
    [Fact]
    public void R_CB_7_each_question_a_callback_answered_is_an_observation_and_without_answers_the_overall_satisfaction_is()
    {
        var answered = new CallbackMade(Guid.NewGuid(), CallbackKind.KeyCustomer, "S-6001", null, true, SatisfactionLevel.Satisfied, false, null,
            null, Given.Later, [new QuestionAnswer(CallbackQuestion.Attitude, SatisfactionLevel.VerySatisfied),
                new QuestionAnswer(CallbackQuestion.Charges, SatisfactionLevel.Dissatisfied)], "希望提供线上缴费");
        var observations = Observations.All(answered, [], Given.Policy);
        Assert.Equal([(CallbackQuestion.Attitude, 100m), (CallbackQuestion.Charges, 0m)],
            observations.Select(o => (o.Question!.Value, o.Score)));
        Assert.All(observations, o => Assert.Equal(SatisfactionSource.Callback, o.Source));
        Assert.Equal("希望提供线上缴费", answered.Needs);

        var plain = answered with { Answers = null };
        Assert.Equal(80m, Assert.Single(Observations.All(plain, [], Given.Policy)).Score);
        Assert.Empty(Observations.All(plain with { Reached = false, Satisfaction = null }, [], Given.Policy));
    }
}

/// <summary>R-CB-6: no callbacks on holidays — windows run on the calendar's working days.</summary>
public sealed class CallbackHolidayTests
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    [Fact]
    public void R_CB_6_callback_windows_skip_the_non_working_days_and_a_week_of_holidays_moves_to_the_next_working_day()
    {
        var calendar = GasLedger.Domain.Calendar.WorkingCalendar.Official;
        // After an ignition on Friday 25 September (Mid-Autumn), the week after is 28 September – 4 October: National Day
        // from the 1st, so the window is its three working days.
        Assert.Equal((D(9, 28), D(9, 30)), CallbackPlan.WindowAfter(CallbackKind.AfterIgnition, D(9, 24), Given.Policy, calendar));
        // The Spring Festival week of 2026 (16–22 February) has no working day: the window moves to the next one.
        Assert.Equal((D(2, 24), D(2, 24)), CallbackPlan.WorkingDaysOf(D(2, 16), D(2, 22), calendar));
        // A repair on a holiday: its seven working days start on the next working day.
        Assert.Equal((D(10, 8), D(10, 15)), CallbackPlan.WindowAfter(CallbackKind.AfterRepair, D(10, 3), Given.Policy, calendar)); // 10 October a worked Saturday
        // A week whose Sunday is an adjusted working day keeps it.
        Assert.Equal((D(9, 14), D(9, 20)), CallbackPlan.WindowAfter(CallbackKind.AfterInspection, D(9, 8), Given.Policy, calendar));
    }
}
