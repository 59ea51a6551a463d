using System.Globalization;

namespace GasLedger.City;

/// <summary>
/// 城区与小区 — the synthetic city's map: ten districts of a mid-size northern Chinese city, each with a few dozen
/// residential estates (小区) of multi-storey or high-rise buildings, villa estates, and streets for shops, schools,
/// factories and fuelling stations. The map is fixed (not drawn from the seed), so two seeds give two cities on the same
/// streets.
/// </summary>
public static class CityMap
{
    public static readonly string[] Districts =
        ["东城区", "西城区", "南湖区", "北山区", "新城区", "高新区", "经开区", "滨江区", "江北区", "临港区"];

    private static readonly string[] EstatePrefixes =
    [
        "翠湖", "阳光", "锦绣", "金色", "绿城", "碧水", "紫薇", "春晓", "海棠", "和平",
        "幸福", "东方", "世纪", "丽景", "书香", "桃源", "玫瑰", "青年", "枫林", "御景",
        "星河", "盛景", "南苑", "北苑", "滨湖", "凤凰", "龙湾", "明月", "朝阳", "银杏",
        "梧桐", "水岸", "香樟", "天鹅", "雅居", "怡景", "康乐", "福田", "华府", "宝龙",
    ];

    private static readonly string[] EstateSuffixes =
        ["花园", "小区", "家园", "新村", "公寓", "苑", "名邸", "雅苑", "华庭", "佳园", "新城", "里"];

    private static readonly string[] VillaSuffixes = ["别墅区", "山庄", "庄园"];

    private static readonly string[] Streets =
        ["人民路", "解放路", "中山路", "建设路", "文化路", "胜利街",
            "工业大道", "振兴路", "长江路", "黄河路", "学府路", "科技大道"];

    /// <summary>The streets where shops, schools and factories take gas (the same names in every district).</summary>
    public static IReadOnlyList<string> StreetNames => Streets;

    /// <summary>Estates of each district, by district index: 24–40 residential estates, the last three villa estates.</summary>
    public static readonly string[][] Estates = Districts.Select((_, d) =>
    {
        var names = new List<string>();
        var count = 24 + (d * 7) % 17;
        for (var k = 0; names.Count < count; k++)
        {
            var name = EstatePrefixes[(d * 11 + k * 7) % EstatePrefixes.Length] +
                EstateSuffixes[(d + k * 5 + k / EstatePrefixes.Length) % EstateSuffixes.Length];
            if (!names.Contains(name)) names.Add(name);
        }
        for (var v = 0; v < 3; v++) names.Add(EstatePrefixes[(d * 5 + v * 13 + 3) % EstatePrefixes.Length] + VillaSuffixes[v]);
        return names.ToArray();
    }).ToArray();

    /// <summary>The supply point of a residential account of this building type in district <paramref name="district"/>.</summary>
    internal static Domain.Applications.AddressForm Home(SeededRandom rng, int district, BuildingType type)
    {
        var estates = Estates[district];
        if (type == BuildingType.Villa)
            return new() { District = Districts[district], Community = estates[^(1 + rng.Next(3))],
                Building = (1 + rng.Next(80)).ToString(CultureInfo.InvariantCulture) + "号" };
        var estate = estates[rng.Next(estates.Length - 3)];
        var floors = type == BuildingType.HighRise ? rng.Between(11, 33) : rng.Between(5, 7);
        return new()
        {
            District = Districts[district],
            Community = estate,
            Building = (1 + rng.Next(type == BuildingType.HighRise ? 18 : 40)).ToString(CultureInfo.InvariantCulture) + "幢",
            Unit = (1 + rng.Next(type == BuildingType.HighRise ? 2 : 4)).ToString(CultureInfo.InvariantCulture) + "单元",
            Room = string.Create(CultureInfo.InvariantCulture, $"{1 + rng.Next(floors)}{1 + rng.Next(4):D2}"),
        };
    }

    /// <summary>The premises of a non-residential account: a street number, or a unit of a shop floor in an estate.</summary>
    internal static Domain.Applications.AddressForm Premises(SeededRandom rng, int district) => new()
    {
        District = Districts[district],
        Community = rng.Chance(0.6) ? rng.Pick(Streets) : Estates[district][rng.Next(Estates[district].Length - 3)],
        Building = (1 + rng.Next(300)).ToString(CultureInfo.InvariantCulture) + "号",
        Room = rng.Chance(0.5) ? "商铺" + (1 + rng.Next(30)).ToString(CultureInfo.InvariantCulture) : null,
    };

    /// <summary>The desks that record work, by the first digit of a staff id.</summary>
    internal enum Desk
    {
        Counter = 1, Installer = 2, Inspector = 3, MeterReader = 4, ComplaintHandling = 5, CallbackCentre = 6, Hotline = 7, CustomerManager = 8
    }

    /// <summary>
    /// A staff id like the API's (<c>S-1234</c>): the desk, the district and one of the district desk's staff — so
    /// work in a district is recorded by the same few people, as the per-staff ledgers expect.
    /// </summary>
    internal static string Staff(Desk desk, int district, int member) => StaffIds[(int)desk - 1][district][member];

    /// <summary>The staff of each desk in each district: eight per desk and district.</summary>
    internal const int StaffPerDesk = 8;

    private static readonly string[][][] StaffIds = Enum.GetValues<Desk>().Select(desk => Districts.Select((_, d) =>
        Enumerable.Range(0, StaffPerDesk).Select(m => string.Create(CultureInfo.InvariantCulture, $"S-{(int)desk}{d}{m:D2}"))
            .ToArray()).ToArray()).ToArray();
}
