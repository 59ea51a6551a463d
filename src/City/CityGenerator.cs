using GasLedger.Domain.Supply;
using GasLedger.Domain.Complaints;

namespace GasLedger.City;

/// <summary>
/// 模拟城市 — a synthetic city, deterministic from <see cref="CityOptions.Seed"/>: accounts spread over ten districts
/// and their estates, the nine categories in a utility's proportions (<see cref="CityMix"/>), and the years of history
/// of each through the real lifecycle, every event built as the API builds it and accepted by the same decisions
/// (<see cref="AccountLifetime"/>). Pure: no clock, no I/O. Streaming: one account at a time, so a city of a million
/// accounts never sits in memory; the bulk import writes what it yields.
/// </summary>
public sealed class CityGenerator(CityOptions options, ServicePolicy policy)
{
    /// <summary>
    /// Every account in index order 0..Accounts-1, lazily. Deterministic: same options ⇒ same output, field for field
    /// (Guids included). Complaint numbers (R-CMP-2) are month serials counted across the city in index order, so they
    /// are unique as the API's are; a month past 9999 widens to five digits, as the API's <c>D4</c> format does.
    /// </summary>
    /// <summary>The estates' and streets' interruptions over the history (R-SUP-4): the notices the accounts' events follow.</summary>
    public IReadOnlyList<CityInterruption> Interruptions { get; } = CityInterruptions.Of(options, policy);

    /// <summary>
    /// R-SUP-5: the gas terms published over the history: natural gas at the prices the generator charges
    /// (<see cref="CityMix.Price"/>) from the first day, and again when a new pipeline's gas, of a slightly lower calorific
    /// value, came in half-way.
    /// </summary>
    public IReadOnlyList<GasTerms> GasTerms
    {
        get
        {
            var rng = new SeededRandom(options.Seed, int.MinValue);
            var first = options.End.AddYears(-options.Years).AddDays(1);
            var prices = Enum.GetValues<CustomerCategory>().Select(c => new GasPrice(c, CityMix.Price(c))).ToArray();
            GasTerms Terms(DateOnly from, decimal calorific, string composition) => new()
            {
                Id = rng.Version7(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8))),
                EffectiveFrom = from, GasType = "天然气", Composition = composition, CalorificValueMjPerM3 = calorific,
                PressureKpa = 2.0m, Prices = prices, Source = "市发展和改革委员会价格文件",
                RecordedBy = CityMap.Staff(CityMap.Desk.Counter, 0, 0),
                RecordedAt = new DateTimeOffset(from.AddDays(-7).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)),
            };
            return [Terms(first, 36.0m, "甲烷 ≥ 96%"), Terms(first.AddYears(Math.Max(1, options.Years / 2)), 35.6m, "甲烷 ≥ 94%, 乙烷 ≤ 3%")];
        }
    }

    public IEnumerable<CityAccount> Accounts()
    {
        var zone = policy.TimeZone;
        var first = options.End.Year - options.Years;
        if (Enumerable.Range(first, options.Years + 1).Any(year =>
                zone.GetUtcOffset(new DateTime(year, 1, 15)) != AccountLifetime.CompanyOffset
                || zone.GetUtcOffset(new DateTime(year, 7, 15)) != AccountLifetime.CompanyOffset))
            throw new ArgumentException(
                $"The synthetic city keeps company time at UTC+08:00 (Asia/Shanghai); the policy's zone is {policy.TimeZoneId}.",
                nameof(policy));
        var serials = new Dictionary<string, int>();
        string ComplaintNumber(DateTimeOffset filedAt)
        {
            var month = ComplaintDecisions.SerialMonth(filedAt, policy);
            var serial = serials[month] = serials.GetValueOrDefault(month) + 1;
            return ComplaintDecisions.Number(filedAt, serial, policy);
        }

        var interruptions = Interruptions.ToLookup(n => (n.Area.District, n.Area.Community!));
        for (var index = 0; index < options.Accounts; index++)
            yield return AccountLifetime.Generate(index, options, policy, ComplaintNumber, interruptions);
    }
}
