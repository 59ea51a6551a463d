using GasLedger.Domain.Supply;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>
/// 停气 — one interruption of a whole estate or street of the synthetic city (R-SUP-1/4), as the notice the counter
/// records, with when and why supply came back.
/// </summary>
public sealed record CityInterruption(Guid Id, InterruptionKind Kind, SupplyArea Area, DateTimeOffset From, DateTimeOffset? Until,
    IReadOnlyList<NoticeChannel> Channels, DateTimeOffset NoticeGivenAt, string Remarks, string RecordedBy, DateTimeOffset RestoredAt,
    ResumptionReason RestoreReason);

/// <summary>
/// The interruptions of the synthetic city: for each estate and street of each district, planned works and emergencies
/// at the yearly rates of <see cref="CityMix"/>, drawn from the seed and the area alone (so every account of the area
/// meets the same ones, whatever the city's size). Only those whose supply is back by the end of the history.
/// </summary>
public static class CityInterruptions
{
    private static readonly TimeSpan Company = TimeSpan.FromHours(8);

    public static IReadOnlyList<CityInterruption> Of(CityOptions options, ServicePolicy policy)
    {
        var start = new DateTimeOffset(options.End.AddYears(-options.Years).AddDays(1).ToDateTime(TimeOnly.MinValue), Company);
        var end = new DateTimeOffset(options.End.ToDateTime(TimeOnly.MinValue), Company).AddDays(1).AddTicks(-1);
        var all = new List<CityInterruption>();
        var area = 0;
        for (var d = 0; d < CityMap.Districts.Length; d++)
            foreach (var community in CityMap.Estates[d].Concat(CityMap.StreetNames))
            {
                // A stream of its own per area, apart from the accounts' (whose indexes are never negative).
                var rng = new SeededRandom(options.Seed, -1 - area++);
                var supplyArea = new SupplyArea(CityMap.Districts[d], community, null);
                string Clerk() => CityMap.Staff(Desk.Counter, d, rng.Next(CityMap.StaffPerDesk));
                foreach (var kind in new[] { InterruptionKind.Planned, InterruptionKind.Emergency })
                {
                    var perYear = kind == InterruptionKind.Planned ? CityMix.PlannedInterruptionsPerYear : CityMix.EmergencyInterruptionsPerYear;
                    for (var at = Arrival(rng, start, perYear); at < end; at = Arrival(rng, at, perYear))
                    {
                        var n = kind == InterruptionKind.Planned ? Planned(rng, supplyArea, at, policy, Clerk()) : Emergency(rng, supplyArea, at, Clerk());
                        if (n.NoticeGivenAt >= start && n.RestoredAt <= end) all.Add(n);
                    }
                }
            }
        return all.OrderBy(n => n.From).ToArray();
    }

    /// <summary>Works on the main: a working day from 09:00 for four to eight hours, told three to five days ahead.</summary>
    private static CityInterruption Planned(SeededRandom rng, SupplyArea area, DateTimeOffset around, ServicePolicy policy, string clerk)
    {
        var day = DateOnly.FromDateTime(around.ToOffset(Company).DateTime);
        while (!Domain.Calendar.WorkingCalendar.Official.IsWorkingDay(day)) day = day.AddDays(1);
        var from = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), Company);
        var until = from.AddHours(rng.Between(4, 8));
        var notice = from.AddDays(-rng.Between(3, 5)).AddMinutes(rng.Between(0, 420));
        if (notice > from.AddHours(-policy.PlannedInterruptionNoticeHours)) notice = from.AddHours(-policy.PlannedInterruptionNoticeHours);
        var early = rng.Chance(0.3); // the work done before the window ends: restored on the order, with its reason
        return new CityInterruption(rng.Version7(notice), InterruptionKind.Planned, area, from, until,
            [NoticeChannel.Posting, NoticeChannel.PropertyOffice, NoticeChannel.Sms], notice, "中压管线改造", clerk,
            early ? from.AddMinutes((until - from).TotalMinutes * 0.7) : until,
            early ? ResumptionReason.WorkCompleted : ResumptionReason.WindowEnded);
    }

    /// <summary>A main damaged (third-party digging, a leak): notified at once, back within two to ten hours.</summary>
    private static CityInterruption Emergency(SeededRandom rng, SupplyArea area, DateTimeOffset at, string clerk)
    {
        var from = at.AddSeconds(rng.Next(3_600));
        return new CityInterruption(rng.Version7(from), InterruptionKind.Emergency, area, from, null,
            [NoticeChannel.Sms, NoticeChannel.Phone], from, "第三方施工挖断中压管线", clerk, from.AddMinutes(rng.Between(120, 600)),
            ResumptionReason.FaultRepaired);
    }

    private static DateTimeOffset Arrival(SeededRandom rng, DateTimeOffset from, double perYear) =>
        from.AddDays(Math.Min(-Math.Log(1 - rng.NextDouble()) / perYear * 365.25, 36_500));
}
