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

        for (var index = 0; index < options.Accounts; index++)
            yield return AccountLifetime.Generate(index, options, policy, ComplaintNumber);
    }
}
