using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Callbacks;

namespace GasLedger.Domain.Tests;

/// <summary>R-CLS-6: a key designation by a customer manager, with its reason, in the class and the callbacks from that day.</summary>
public sealed class KeyCustomerTests
{
    private static readonly ServicePolicy Policy = Given.Policy;

    [Fact]
    public void R_CLS_6_a_designation_makes_the_account_key_from_that_day_until_undone_and_names_its_manager()
    {
        var active = Given.Active();
        var designated = new KeyCustomerDesignated("K-1001", "医院,供气保障重点", Given.Day(10, 15));
        var key = active.Fold(Expect.Accepted(KeyCustomerDecisions.Designate(active, designated)).ToArray());
        Assert.Equal("K-1001", key.CustomerManager);
        Expect.Conflict(KeyCustomerDecisions.Designate(key, designated with { OccurredAt = Given.Day(10, 16) }), "already");
        Assert.Equal(ServiceLevel.Standard, Classifier.Classify(key, new DateOnly(2026, 10, 14), Policy).ServiceLevel);
        Assert.Equal(ServiceLevel.Key, Classifier.Classify(key, new DateOnly(2026, 10, 15), Policy).ServiceLevel);

        var undone = key.Fold(Expect.Accepted(KeyCustomerDecisions.Undesignate(key, new KeyCustomerUndesignated("已迁址", Given.Day(11, 20)))).ToArray());
        Assert.Equal(ServiceLevel.Key, Classifier.Classify(undone, new DateOnly(2026, 11, 19), Policy).ServiceLevel);
        Assert.Equal(ServiceLevel.Standard, Classifier.Classify(undone, new DateOnly(2026, 11, 20), Policy).ServiceLevel);
        Expect.Conflict(KeyCustomerDecisions.Undesignate(undone, new KeyCustomerUndesignated("再次", Given.Day(11, 21))), "not designated");
        Expect.Conflict(KeyCustomerDecisions.Designate(Given.Closed(), designated));

        // The class as periods (the read model's source) changes on those two days, and agrees with the classifier.
        var periods = ClassSchedule.Periods(undone, Policy);
        Assert.Contains(periods, p => p.From == new DateOnly(2026, 10, 15) && p.ServiceLevel == ServiceLevel.Key);
        Assert.Contains(periods, p => p.From == new DateOnly(2026, 11, 20) && p.ServiceLevel == ServiceLevel.Standard);
        foreach (var day in new[] { new DateOnly(2026, 10, 14), new DateOnly(2026, 10, 15), new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 20) })
            Assert.Equal(Classifier.Classify(undone, day, Policy).ServiceLevel,
                periods.Single(p => p.From <= day && (p.Until is null || day < p.Until)).ServiceLevel);

        var managed = active.Fold(Expect.Accepted(KeyCustomerDecisions.Assign(active, new CustomerManagerAssigned("K-1002", Given.Day(10, 1)))).ToArray());
        Assert.Equal("K-1002", managed.CustomerManager);
        Expect.Conflict(KeyCustomerDecisions.Assign(managed, new CustomerManagerAssigned("K-1002", Given.Day(10, 2))), "already");
    }

    [Fact]
    public void R_CLS_6_a_designated_account_is_owed_the_quarters_key_customer_callback_from_the_day_of_its_designation()
    {
        var events = new List<IAccountEvent> { Given.Submitted(), Given.Fee(2400m), Given.Schedule(), Given.InstallationDone(), Given.IgnitionRequest(), Given.Ignition() };
        StreamEvent E(IAccountEvent e) => new(Guid.NewGuid(), e);
        var before = CallbackPlan.Of(events.Select(E).ToArray(), Policy);
        Assert.DoesNotContain(before, i => i.Kind == CallbackKind.KeyCustomer);
        events.Add(new KeyCustomerDesignated("K-1001", "医院", Given.Day(10, 15)));
        var after = CallbackPlan.Of(events.Select(E).ToArray(), Policy);
        var quarterly = Assert.Single(after, i => i.Kind == CallbackKind.KeyCustomer);
        Assert.Equal(("2026-Q4", new DateOnly(2026, 10, 8), new DateOnly(2026, 12, 31)), (quarterly.Work, quarterly.WindowStart, quarterly.WindowEnd)); // the quarter's working days
    }
}
