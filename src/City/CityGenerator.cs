using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Parties;
using GasLedger.Domain.Supply;

namespace GasLedger.City;

/// <summary>TEMPORARY stub (replaced by the real generator): applied accounts with monthly usage only.</summary>
public sealed class CityGenerator(CityOptions options, ServicePolicy policy)
{
    public IEnumerable<CityAccount> Accounts()
    {
        var tz = TimeSpan.FromHours(8);
        for (var i = 0; i < options.Accounts; i++)
        {
            var rng = new Random(options.Seed * 31 + i);
            var start = new DateTimeOffset(options.End.Year - options.Years, 1, 1, 10, 0, 0, tz).AddDays(rng.Next(365));
            var id = Guid.CreateVersion7(start);
            var party = new Party { Id = Guid.CreateVersion7(start), Kind = PartyKind.Person, Name = "张三", Phone = "13800138000", AccountId = id, RecordedAt = start };
            var events = new List<CityEvent>();
            var submitted = new ApplicationSubmitted(id, ApplicationDecisions.AccountNumber(i + 1, policy), party.Id, PartyKind.Person, false,
                new Address("西湖区", "翠苑一区", "12", "2", "301"), CustomerCategory.Residential, BuildingType.MultiStorey, MeterType.ReadMeter,
                PaymentMethod.Counter, null, ApplicationChannel.Counter, ApplicationNature.Individual, ApplicationPriority.Waiting, null, null, null, start);
            events.Add(new CityEvent(Guid.CreateVersion7(start), submitted, "S-1001", null));
            var end = new DateTimeOffset(options.End.ToDateTime(TimeOnly.MinValue), tz);
            for (var at = start.AddMonths(1); at < end; at = at.AddMonths(1))
                events.Add(new CityEvent(Guid.CreateVersion7(at), new UsageRecorded(Guid.CreateVersion7(at), UsageKind.MeterReading, 20 + rng.Next(30), DateOnly.FromDateTime(at.Date), null, at), "S-1002", null));
            yield return new CityAccount(i, id, submitted.AccountNumber, [party], events);
        }
    }
}
