using System.Text.RegularExpressions;
using GasLedger.City;
using GasLedger.Domain.Applications;

namespace GasLedger.Domain.Tests.SyntheticCity;

/// <summary>R-ACC-4: the fake personal data is valid in form, and lives only in the party records, never in an event.</summary>
public partial class CityPersonalDataTests
{
    private static readonly CityAccount[] City = new CityGenerator(new CityOptions { Accounts = 3_000 }, ServicePolicy.Default).Accounts().ToArray();

    [Fact]
    public void Party_data_is_valid_in_form()
    {
        var parties = City.SelectMany(a => a.Parties).ToArray();
        Assert.Contains(parties, p => p.Kind == PartyKind.Person);
        Assert.Contains(parties, p => p.Kind == PartyKind.Organisation);
        Assert.Contains(parties, p => p.Bank is not null);
        foreach (var party in parties)
        {
            Assert.False(string.IsNullOrWhiteSpace(party.Name));
            Assert.DoesNotContain(party.Name, char.IsWhiteSpace);
            Assert.Matches(Mobile(), party.Phone!);
            if (party.SmsNumber is { } sms) Assert.Matches(Mobile(), sms);
            if (party.Kind == PartyKind.Person && party.IdNumber is { } id)
            {
                Assert.True(ApplicationRules.IsNationalId(id), id);
                Assert.True(Residents.HasValidNationalIdCheck(id), $"{id}: check character");
            }
            if (party.Kind == PartyKind.Organisation)
                Assert.Equal(Residents.CreditCodeCheck(party.IdNumber.AsSpan(0, 17)), party.IdNumber![17]);
            if (party.Bank is { } card)
            {
                Assert.InRange(card.CardNumber.Length, 16, 19);
                Assert.True(Residents.PassesLuhn(card.CardNumber), $"{card.CardNumber}: Luhn");
                Assert.Equal(party.Name, card.CardHolder);
                Assert.StartsWith("card_", card.Token);
            }
        }
        Assert.True(parties.Count(p => p.Kind == PartyKind.Person && p.IdNumber is not null) > 0.9 * parties.Count(p => p.Kind == PartyKind.Person));
    }

    [Fact]
    public void Check_digits_are_those_of_the_standards()
    {
        Assert.Equal('X', Residents.NationalIdCheck("11010519491231002"));   // GB 11643's own example: 11010519491231002X
        Assert.Equal('4', Residents.NationalIdCheck("44052418800101001"));   // 440524188001010014
        Assert.True(Residents.PassesLuhn("4111111111111111"));
        Assert.False(Residents.PassesLuhn("4111111111111112"));
        Assert.Equal('3', Residents.CreditCodeCheck("91350100M000100Y4"));  // GB 32100's example: 91350100M000100Y43
        Assert.Equal('G', Residents.CreditCodeCheck("9144030071526726X"));  // a listed company's: 9144030071526726XG
    }

    [Fact]
    public void No_personal_value_is_inside_any_event()
    {
        foreach (var account in City)
        {
            var events = string.Join("\n", account.Events.Select(CityJson.Event));
            foreach (var party in account.Parties)
            {
                string?[] personal = [party.Name, party.IdNumber, party.Phone, party.SmsNumber, party.Bank?.CardNumber, party.PropertyProof];
                foreach (var value in personal.OfType<string>())
                    Assert.False(events.Contains(value, StringComparison.Ordinal), $"account {account.Index}: an event carries the party's {value}");
                if (party.Bank is { } card)
                    Assert.Contains($"\"CardToken\":\"{card.Token}\"", events);
            }
        }
    }

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();
}
