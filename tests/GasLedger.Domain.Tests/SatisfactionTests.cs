using GasLedger.Domain;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Satisfaction;
using static GasLedger.Domain.Satisfaction.SatisfactionSource;

namespace GasLedger.Domain.Tests;

public sealed class SatisfactionTests
{
    private static readonly ServicePolicy Policy = ServicePolicy.Default;

    private static DateTimeOffset At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    private static StreamEvent E(Accounts.IAccountEvent data) => new(Guid.NewGuid(), data);

    private static RatingGiven TechnicianRating(SatisfactionLevel attitude, SatisfactionLevel skill, SatisfactionLevel arrival, SatisfactionLevel promise) =>
        new(Guid.NewGuid(), RatingSource.Technician, "S-2001", ServiceStage.Ignition, attitude, skill, arrival, promise, null, At(10, 1));

    private static CallbackMade Called(CallbackKind kind, Guid? follows, SatisfactionLevel? level, bool reached = true, string staff = "S-6001") =>
        new(Guid.NewGuid(), kind, staff, follows, reached, level, false, null, null, At(10, 23));

    [Theory]
    [InlineData(SatisfactionLevel.VerySatisfied, 100)]
    [InlineData(SatisfactionLevel.Satisfied, 80)]
    [InlineData(SatisfactionLevel.FairlySatisfied, 60)]
    [InlineData(SatisfactionLevel.Dissatisfied, 0)]
    public void R_SAT_3_levels_score_100_80_60_0(SatisfactionLevel level, int score) => Assert.Equal(score, Policy.Score(level));

    [Fact]
    public void R_SAT_2_technician_rating_is_scored_with_the_mean_of_its_four_items()
    {
        var rating = TechnicianRating(SatisfactionLevel.VerySatisfied, SatisfactionLevel.Satisfied, SatisfactionLevel.Satisfied, SatisfactionLevel.VerySatisfied);
        Assert.Equal(90m, SatisfactionIndex.Score(rating, Policy));

        var mixed = TechnicianRating(SatisfactionLevel.VerySatisfied, SatisfactionLevel.FairlySatisfied, SatisfactionLevel.Dissatisfied, SatisfactionLevel.Satisfied);
        Assert.Equal(60m, SatisfactionIndex.Score(mixed, Policy)); // (100 + 60 + 0 + 80) / 4
    }

    [Fact]
    public void R_SAT_2_a_technician_rating_is_one_observation_naming_the_technician_and_stage()
    {
        var rating = TechnicianRating(SatisfactionLevel.VerySatisfied, SatisfactionLevel.Satisfied, SatisfactionLevel.Satisfied, SatisfactionLevel.VerySatisfied);
        var observation = Observations.Of(rating, [], Policy);

        Assert.Equal(new Observation(Technician, 90m, null, ServiceStage.Ignition, "S-2001", null, null, At(10, 1)), observation);
    }

    [Fact]
    public void R_SAT_1_counter_keypad_evaluation_is_one_observation_of_its_level()
    {
        var keypad = new RatingGiven(Guid.NewGuid(), RatingSource.CounterKeypad, "S-1001", ServiceStage.Counter, null, null, null, null,
            SatisfactionLevel.FairlySatisfied, At(10, 2));
        var observation = Observations.Of(keypad, [], Policy)!;

        Assert.Equal((CounterKeypad, 60m, "S-1001", ServiceStage.Counter), (observation.Source, observation.Score, observation.Staff, observation.Stage));
    }

    [Fact]
    public void R_SAT_4_index_weights_callbacks_0_4_technicians_0_3_keypad_0_2_follow_ups_0_1()
    {
        var result = SatisfactionIndex.Of(SatisfactionIndex.Tally([
            (Callback, 100m), (Callback, 80m), (SatisfactionSource.Technician, 80m), (CounterKeypad, 60m), (ComplaintFollowUp, 100m),
        ]), Policy);

        // 0.4 × 90 + 0.3 × 80 + 0.2 × 60 + 0.1 × 100 = 36 + 24 + 12 + 10
        Assert.Equal(82m, result.Index);
        Assert.Equal(5, result.Observations);
        Assert.Equal([2, 1, 1, 1, 0, 0], result.Sources.Select(s => s.Observations)); // no mystery visit nor survey (R-SAT-5)
        Assert.Equal([90m, 80m, 60m, 100m], result.Sources.Where(s => s.Observations > 0).Select(s => s.MeanScore!.Value));
        Assert.Equal([0.4m, 0.3m, 0.2m, 0.1m, 0m, 0m], result.Sources.Select(s => s.EffectiveWeight)); // absent sources weigh nothing
    }

    [Fact]
    public void R_SAT_4_index_renormalises_over_sources_present()
    {
        var result = SatisfactionIndex.Of(SatisfactionIndex.Tally([(Callback, 100m), (CounterKeypad, 60m)]), Policy);

        // (0.4 × 100 + 0.2 × 60) / (0.4 + 0.2) = 52 / 0.6
        Assert.Equal(52m / 0.6m, result.Index);
        Assert.Equal(86.7m, result.Display);
        var parts = result.Sources.ToDictionary(s => s.Source);
        Assert.Equal(0, parts[SatisfactionSource.Technician].Observations);
        Assert.Null(parts[SatisfactionSource.Technician].MeanScore);
        Assert.Equal(0m, parts[ComplaintFollowUp].EffectiveWeight);
        Assert.Equal(0.4m / 0.6m, parts[Callback].EffectiveWeight);
    }

    [Fact]
    public void R_SAT_4_one_source_alone_is_its_mean()
    {
        var result = SatisfactionIndex.Of(SatisfactionIndex.Tally([(ComplaintFollowUp, 0m), (ComplaintFollowUp, 100m), (ComplaintFollowUp, 80m)]), Policy);
        Assert.Equal(60m, result.Index);
        Assert.Equal(3, result.Observations);
    }

    [Fact]
    public void R_SAT_4_index_is_rounded_only_for_display()
    {
        // Technician 80 and keypad 100: (0.3 × 80 + 0.2 × 100) / 0.5 = 88; callback 60 added: (24 + 20 + 24) / 0.9 = 75.555…
        var result = SatisfactionIndex.Of(SatisfactionIndex.Tally([(SatisfactionSource.Technician, 80m), (CounterKeypad, 100m), (Callback, 60m)]), Policy);
        Assert.Equal(68m / 0.9m, result.Index);
        Assert.NotEqual(result.Display, result.Index);
        Assert.Equal(75.6m, result.Display);
        Assert.Equal(86.7m, SatisfactionIndex.Display(86.65m, Policy));
    }

    [Fact]
    public void R_SAT_4_no_observations_no_index()
    {
        var result = SatisfactionIndex.Of([], Policy);
        Assert.Null(result.Index);
        Assert.Null(result.Display);
        Assert.Equal(0, result.Observations);
        Assert.Equal(6, result.Sources.Count); // every source, R-SAT-5's two among them
    }

    [Fact]
    public void R_SAT_4_tallies_of_one_source_from_several_rows_are_summed()
    {
        var result = SatisfactionIndex.Of([new SourceTally(Callback, 2, 180m), new SourceTally(Callback, 1, 0m)], Policy);
        Assert.Equal(60m, result.Index);
        Assert.Equal(3, result.Sources.Single(s => s.Source == Callback).Observations);
    }

    [Fact]
    public void R_SAT_1_callback_rates_the_repair_it_follows_and_its_technician()
    {
        var repair = Guid.NewGuid();
        var before = new[]
        {
            E(new RepairReported(repair, false, "灶具打不着火", RepairLocation.Urban, null, "S-5001", At(10, 22, 8))),
            E(new RepairDispatched(repair, "S-2002", At(10, 22, 9))),
            E(new RepairCompleted(repair, true, null, null, At(10, 22, 11))),
        };
        var observation = Observations.Of(Called(CallbackKind.AfterRepair, repair, SatisfactionLevel.Satisfied), before, Policy)!;

        Assert.Equal((Callback, 80m, ServiceStage.Repair, "S-2002", (Guid?)repair),
            (observation.Source, observation.Score, observation.Stage, observation.Staff, observation.WorkId));
    }

    [Fact]
    public void R_SAT_1_callback_without_work_id_rates_the_latest_work_of_its_kind()
    {
        var ignition = E(new IgnitionCompleted("S-2001", true, true, null, null, At(9, 8)));
        var observation = Observations.Of(Called(CallbackKind.AfterIgnition, null, SatisfactionLevel.VerySatisfied), [ignition], Policy)!;

        Assert.Equal(("S-2001", ServiceStage.Ignition, (Guid?)ignition.Id), (observation.Staff, observation.Stage, observation.WorkId));
    }

    [Fact]
    public void R_SAT_1_callback_that_did_not_reach_the_holder_or_gave_no_satisfaction_is_no_observation()
    {
        Assert.Null(Observations.Of(Called(CallbackKind.AfterIgnition, null, null, reached: false), [], Policy));
        Assert.Null(Observations.Of(Called(CallbackKind.AfterIgnition, null, null), [], Policy));
    }

    [Fact]
    public void R_SAT_1_key_customer_callback_rates_the_caller_at_stage_other()
    {
        var observation = Observations.Of(Called(CallbackKind.KeyCustomer, null, SatisfactionLevel.Dissatisfied, staff: "S-7001"), [], Policy)!;
        Assert.Equal((0m, ServiceStage.Other, "S-7001"), (observation.Score, observation.Stage, observation.Staff));
    }

    [Fact]
    public void R_SAT_1_callback_whose_work_is_unknown_has_no_staff()
    {
        var observation = Observations.Of(Called(CallbackKind.AfterInspection, null, SatisfactionLevel.Satisfied), [], Policy)!;
        Assert.Equal((ServiceStage.Inspection, (string?)null), (observation.Stage, observation.Staff));
    }

    [Fact]
    public void R_SAT_1_complaint_follow_up_rates_whoever_resolved_the_complaint_last()
    {
        var complaint = Guid.NewGuid();
        var before = new[]
        {
            E(new ComplaintResolved(complaint, "S-5001", "补开发票", At(10, 16))),
            E(new ComplaintResolved(Guid.NewGuid(), "S-5009", "其他", At(10, 17))),
            E(new ComplaintResolved(complaint, "S-5002", "补开发票并致歉", At(10, 19))),
        };
        var observation = Observations.Of(new ComplaintFollowedUp(complaint, "S-6001", SatisfactionLevel.FairlySatisfied, At(10, 20)), before, Policy)!;

        Assert.Equal((ComplaintFollowUp, 60m, ServiceStage.Complaint, "S-5002"), (observation.Source, observation.Score, observation.Stage, observation.Staff));
    }
}
