using GasLedger.City;

namespace GasLedger.Domain.Tests.SyntheticCity;

/// <summary>The synthetic city is a function of its options: same options, same city, Guids included.</summary>
public class CityDeterminismTests
{
    private static string[] Generate(CityOptions options) =>
        new CityGenerator(options, ServicePolicy.Default).Accounts().Select(CityJson.Account).ToArray();

    [Fact]
    public void Two_generators_with_the_same_options_give_the_same_accounts_field_for_field()
    {
        var options = new CityOptions { Accounts = 300 };
        var first = Generate(options);
        var second = Generate(options);

        Assert.Equal(300, first.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_different_seed_gives_a_different_city()
    {
        var a = Generate(new CityOptions { Accounts = 100 });
        var b = Generate(new CityOptions { Accounts = 100, Seed = 7 });

        Assert.Equal(0, a.Zip(b).Count(pair => pair.First == pair.Second));
    }

    [Fact]
    public void The_first_accounts_do_not_depend_on_how_many_come_after_them()
    {
        var options = new CityOptions { Accounts = 200 };
        var all = new CityGenerator(options, ServicePolicy.Default).Accounts().ToArray();
        var again = new CityGenerator(options with { Accounts = 50 }, ServicePolicy.Default).Accounts().ToArray();

        Assert.Equal(all.Take(50).Select(CityJson.Account), again.Select(CityJson.Account));
        Assert.Equal(Enumerable.Range(0, 200), all.Select(a => a.Index));
        Assert.Equal(all.Select((_, i) => Applications.ApplicationDecisions.AccountNumber(i + 1, ServicePolicy.Default)), all.Select(a => a.Number));
    }

    [Fact]
    public void Ids_are_version_7_guids_stamped_with_the_business_time_and_unique_across_the_city()
    {
        var accounts = new CityGenerator(new CityOptions { Accounts = 1_000 }, ServicePolicy.Default).Accounts().ToArray();
        var ids = new HashSet<Guid>();
        foreach (var account in accounts)
        {
            var submitted = Assert.IsType<Applications.ApplicationSubmitted>(account.Events[0].Data);
            Assert.Equal(account.AccountId, submitted.AccountId);
            AssertVersion7(account.AccountId, submitted.OccurredAt);
            Assert.True(ids.Add(account.AccountId));
            foreach (var party in account.Parties)
            {
                AssertVersion7(party.Id, party.RecordedAt);
                Assert.True(ids.Add(party.Id));
            }
            foreach (var e in account.Events)
            {
                AssertVersion7(e.Id, e.Data.OccurredAt);
                Assert.True(ids.Add(e.Id), $"event id {e.Id} of account {account.Index} repeats");
            }
        }
    }

    private static void AssertVersion7(Guid id, DateTimeOffset at)
    {
        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var hex = id.ToString("N");
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(hex[..12], 16));
    }
}
