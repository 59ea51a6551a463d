using System.Globalization;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Parties;

namespace GasLedger.City;

/// <summary>One account's history: the holders' party records (R-ACC-4).</summary>
internal sealed partial class AccountLifetime
{
    /// <summary>A holder as the counter enters one: a person for a home, an organisation for other premises.</summary>
    private HolderForm NewHolder(bool requireIdentity = false)
    {
        if (!_residential)
            return new HolderForm
            {
                Kind = PartyKind.Organisation,
                Name = Residents.OrganisationName(_rng, CityMap.Districts[_district]),
                IdNumber = Residents.CreditCode(_rng),
                Phone = Residents.Mobile(_rng),
            };
        return new HolderForm
        {
            Kind = PartyKind.Person,
            Name = Residents.PersonName(_rng),
            IdNumber = requireIdentity || _rng.Chance(0.97) ? Residents.NationalId(_rng) : null,
            Phone = Residents.Mobile(_rng),
            SpecialCare = _rng.Chance(CityMix.SpecialCareShare),
        };
    }

    private BankForm NewBank(string holder)
    {
        var (bank, number) = Residents.BankCard(_rng);
        return new BankForm { CardNumber = number, BankName = bank, CardHolder = holder };
    }

    /// <summary>
    /// The card as the party record keeps it, with a token that stands for it in events (R-ACC-4); the token is drawn
    /// from the seed.
    /// </summary>
    private BankCard? Card(BankForm? bank) => bank is null ? null
        : new BankCard("card_" + _rng.NextBits().ToString("x16", CultureInfo.InvariantCulture)
                + _rng.Next(65536).ToString("x4", CultureInfo.InvariantCulture),
            bank.CardNumber!, bank.BankName!, bank.CardHolder!);

    /// <summary>
    /// The party record, as the endpoints build it (R-ACC-4); recorded at the business time of the application or
    /// transfer (the API stamps its server time, which a generated history does not have).
    /// </summary>
    private Party Party(Guid accountId, HolderForm holder, BankCard? card, string? smsNumber, string? proof, DateTimeOffset at)
    {
        var party = new Party
        {
            Id = _rng.Version7(at),
            Kind = holder.Kind!.Value,
            Name = ApplicationRules.HolderName(holder, _policy),
            IdNumber = holder.IdNumber?.Trim().ToUpperInvariant(),
            Phone = holder.Phone?.Trim(),
            SmsNumber = string.IsNullOrWhiteSpace(smsNumber) ? null : smsNumber.Trim(),
            Bank = card,
            PropertyProof = proof,
            AccountId = accountId,
            RecordedAt = at,
        };
        _parties.Add(party);
        return party;
    }
}
