using GasLedger.Domain.Accounts;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Installation;

namespace GasLedger.Domain.Tests;

/// <summary>R-INS-1..3 installation, R-IGN-1..3 gas-on.</summary>
public class InstallationAndIgnitionTests
{
    [Fact]
    public void R_INS_1_appointment_may_not_be_before_the_day_it_is_agreed()
    {
        var scheduled = Given.Schedule(Given.ScheduledAt, new DateOnly(2026, 9, 1));

        Expect.Invalid(InstallationDecisions.Schedule(Given.FeePaid(), scheduled, Given.Policy), "appointmentDate");
    }

    [Fact]
    public void R_INS_1_appointment_on_the_day_it_is_agreed_is_fine()
    {
        var scheduled = Given.Schedule(Given.ScheduledAt, new DateOnly(2026, 9, 2));

        Expect.AcceptedAsIs(InstallationDecisions.Schedule(Given.FeePaid(), scheduled, Given.Policy), scheduled);
    }

    [Fact]
    public void R_INS_1_appointment_day_is_taken_in_company_time()
    {
        // 2026-09-01T16:30Z is 2 September 00:30 in Shanghai: an appointment on 2 September is that same day.
        var scheduled = new InstallationScheduled(InstallationKind.New, new DateOnly(2026, 9, 2), new DateTimeOffset(2026, 9, 1, 16, 30, 0, TimeSpan.Zero));

        Expect.AcceptedAsIs(InstallationDecisions.Schedule(Given.FeePaid(), scheduled, Given.Policy), scheduled);
    }

    [Fact]
    public void R_INS_1_installation_may_be_rescheduled_until_it_is_completed()
    {
        var scheduled = Given.Scheduled();
        var again = new InstallationScheduled(InstallationKind.Modification, new DateOnly(2026, 9, 10), Given.Day(9, 3));

        var decision = InstallationDecisions.Schedule(scheduled, again, Given.Policy);

        Expect.AcceptedAsIs(decision, again);
        var state = scheduled.After(decision);
        Assert.Equal(new InstallationRecord(InstallationKind.Modification, new DateOnly(2026, 9, 10), Given.Day(9, 3), null, null, null), state.Installation);
        Assert.Equal(AccountStatus.Installing, state.Status);
    }

    [Fact]
    public void R_INS_3_completion_records_installer_pipe_meter_materials_and_over_length_charge()
    {
        var scheduled = Given.Scheduled();
        var completed = new InstallationCompleted("S-1021", "M2026090001", 18.5m, 240m, "镀锌管 18.5m, 阀门 1", Given.InstalledAt);

        var decision = InstallationDecisions.Complete(scheduled, completed);

        var e = Assert.IsType<InstallationCompleted>(Assert.Single(Expect.Accepted(decision)));
        Assert.Equal(("S-1021", "M2026090001", 18.5m, 240m, "镀锌管 18.5m, 阀门 1"), (e.Installer, e.MeterSerial, e.PipeLengthMeters, e.OverLengthCharge, e.Materials));
        var state = scheduled.After(decision);
        Assert.Equal(AccountStatus.Installed, state.Status);
        Assert.Equal(
            new InstallationRecord(InstallationKind.New, Given.AppointmentDate, Given.ScheduledAt, Given.InstalledAt, "S-1021", "M2026090001"),
            state.Installation);
        Assert.Equal(Given.InstalledAt, state.LastOccurredAt);
    }

    [Fact]
    public void R_INS_3_completion_twice_is_a_conflict()
    {
        Expect.Conflict(InstallationDecisions.Complete(Given.Installed(), Given.InstallationDone(Given.Later)), "is installed", "needs installing");
    }

    // ---- R-IGN-1: request ----

    [Fact]
    public void R_IGN_1_the_holder_requests_gas_on_once_installed()
    {
        var installed = Given.Installed();
        var requested = Given.IgnitionRequest();

        var decision = IgnitionDecisions.Request(installed, requested, Given.Policy);

        Expect.AcceptedAsIs(decision, requested);
        var state = installed.After(decision);
        Assert.Equal(new IgnitionRequestRecord(Given.IgnitionDate, Given.IgnitionRequestedAt), state.IgnitionRequest);
        Assert.Equal(AccountStatus.Installed, state.Status);
    }

    [Fact]
    public void R_IGN_1_requested_date_may_not_be_before_the_day_of_the_request()
    {
        var requested = Given.IgnitionRequest(Given.IgnitionRequestedAt, new DateOnly(2026, 9, 4));

        Expect.Invalid(IgnitionDecisions.Request(Given.Installed(), requested, Given.Policy), "requestedDate");
    }

    [Fact]
    public void R_IGN_1_a_new_request_replaces_an_open_one()
    {
        var requested = Given.GasOnRequested();
        var again = Given.IgnitionRequest(Given.Day(9, 6), new DateOnly(2026, 9, 9));

        var state = requested.After(IgnitionDecisions.Request(requested, again, Given.Policy));

        Assert.Equal(new IgnitionRequestRecord(new DateOnly(2026, 9, 9), Given.Day(9, 6)), state.IgnitionRequest);
    }

    [Fact]
    public void R_IGN_1_gas_on_without_a_request_is_a_conflict()
    {
        var installed = Given.Installed();

        var detail = Expect.Conflict(IgnitionDecisions.Complete(installed, Given.Ignition()), "has not requested gas-on", "R-IGN-1");
        Assert.Contains(Given.Number, detail);
    }

    // ---- R-IGN-2: flame-out protection and airtightness ----

    [Fact]
    public void R_IGN_2_gas_on_without_flame_out_protection_is_a_conflict()
    {
        Expect.Conflict(IgnitionDecisions.Complete(Given.GasOnRequested(), Given.Ignition(flameOut: false)), "flame-out protection", "R-IGN-2");
    }

    [Fact]
    public void R_IGN_2_gas_on_with_a_failed_airtightness_test_is_a_conflict()
    {
        Expect.Conflict(IgnitionDecisions.Complete(Given.GasOnRequested(), Given.Ignition(airtight: false)), "airtightness", "R-IGN-2");
    }

    [Fact]
    public void R_IGN_2_gas_on_with_both_checks_failed_is_a_conflict()
    {
        Expect.Conflict(IgnitionDecisions.Complete(Given.GasOnRequested(), Given.Ignition(flameOut: false, airtight: false)), "R-IGN-2");
    }

    [Fact]
    public void R_IGN_2_gas_on_with_both_checks_passed_turns_the_gas_on()
    {
        var requested = Given.GasOnRequested();
        var ignition = Given.Ignition();

        var decision = IgnitionDecisions.Complete(requested, ignition);

        Expect.AcceptedAsIs(decision, ignition);
        var state = requested.After(decision);
        Assert.Equal(AccountStatus.Active, state.Status);
        Assert.Equal(Given.GasOnAt, state.GasOnAt);
        Assert.Equal("S-2001", state.IgnitionTechnician);
        Assert.Null(state.IgnitionRequest);
    }

    [Fact]
    public void R_IGN_3_gas_on_records_hose_sold_and_charge()
    {
        var ignition = new IgnitionCompleted("S-2001", true, true, new HoseSale(1.5m, 45m, false), new Charge(20m, false), Given.GasOnAt);

        var e = Assert.IsType<IgnitionCompleted>(Assert.Single(Expect.Accepted(IgnitionDecisions.Complete(Given.GasOnRequested(), ignition))));

        Assert.Equal(new HoseSale(1.5m, 45m, false), e.Hose);
        Assert.Equal(new Charge(20m, false), e.Charge);
    }

    [Theory]
    [InlineData(IgnitionRefusalReason.NoFlameOutProtection)]
    [InlineData(IgnitionRefusalReason.AirtightnessFailed)]
    [InlineData(IgnitionRefusalReason.HolderAbsent)]
    public void R_IGN_2_a_refused_visit_is_recorded_with_its_reason_and_closes_the_request(IgnitionRefusalReason reason)
    {
        var requested = Given.GasOnRequested();
        var refused = new IgnitionRefused("S-2001", reason, "灶具无熄火保护", Given.GasOnAt);

        var decision = IgnitionDecisions.Refuse(requested, refused);

        Expect.AcceptedAsIs(decision, refused);
        var state = requested.After(decision);
        Assert.Null(state.IgnitionRequest);
        Assert.Equal(AccountStatus.Installed, state.Status);
        Assert.Null(state.GasOnAt);
        Expect.Conflict(IgnitionDecisions.Complete(state, Given.Ignition(at: Given.Later)), "has not requested gas-on");
    }

    [Fact]
    public void R_IGN_2_after_a_refusal_the_holder_asks_again_and_gas_goes_on()
    {
        var refused = Given.GasOnRequested().Fold(new IgnitionRefused("S-2001", IgnitionRefusalReason.NoFlameOutProtection, null, Given.GasOnAt));
        var again = Given.IgnitionRequest(Given.Day(9, 10), new DateOnly(2026, 9, 11));

        var requested = refused.After(IgnitionDecisions.Request(refused, again, Given.Policy));
        var active = requested.After(IgnitionDecisions.Complete(requested, Given.Ignition(at: Given.Day(9, 11))));

        Assert.Equal(AccountStatus.Active, active.Status);
        Assert.Equal(Given.Day(9, 11), active.GasOnAt);
    }

    [Fact]
    public void R_IGN_2_refusing_without_an_open_request_is_a_conflict()
    {
        Expect.Conflict(IgnitionDecisions.Refuse(Given.Installed(), new IgnitionRefused("S-2001", IgnitionRefusalReason.Other, null, Given.GasOnAt)),
            "No gas-on request", "R-IGN-1");
    }

    [Fact]
    public void R_IGN_2_refusing_on_an_installing_account_is_a_conflict_naming_the_state()
    {
        Expect.Conflict(IgnitionDecisions.Refuse(Given.Scheduled(), new IgnitionRefused("S-2001", IgnitionRefusalReason.Other, null, Given.GasOnAt)),
            "is installing");
    }
}
