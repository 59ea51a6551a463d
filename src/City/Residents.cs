using System.Globalization;

namespace GasLedger.City;

/// <summary>
/// 模拟用户资料 — fake personal data, valid in form and belonging to nobody: Chinese names from common surnames and
/// given-name characters, 18-digit resident ID numbers (GB 11643) with a real-looking region prefix, a birth date and a
/// correct ISO 7064 MOD 11-2 check character, mobile numbers <c>1[3-9]x xxxx xxxx</c>, bank cards of 16 or 19 digits
/// with a Luhn check digit, and organisations' unified social credit codes (GB 32100) with their check character.
/// </summary>
public static class Residents
{
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
        "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
        "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
        "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "欧阳",
    ];

    private static readonly string[] GivenCharacters =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
        "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
        "刚", "桂", "英", "轩", "玉", "萍", "红", "鹏", "辉", "建",
        "国", "志", "宇", "浩", "婷", "雪", "梅", "琳", "晨", "欣",
        "嘉", "子", "俊", "博", "文", "斌", "健", "晶", "倩", "颖",
        "淑", "兰", "凤", "海", "波", "峰", "丹", "春", "燕", "瑶",
    ];

    /// <summary>Administrative division codes (GB/T 2260) of real districts: the first six digits of an ID number.</summary>
    private static readonly string[] Regions =
    [
        "110101", "110105", "120101", "310104", "310115", "320102", "320506", "330102", "330106", "340102", "350203", "370102",
        "370202", "410105", "420106", "430104", "440106", "440305", "500103", "510104", "610113", "210102", "220102", "230103",
    ];

    private static readonly string[] MobilePrefixes =
        ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158", "159", "166", "177", "180", "181",
            "186", "187", "188", "189", "191", "199"];

    /// <summary>Banks and the issuer prefixes (BIN) of their debit cards, with the card length.</summary>
    private static readonly (string Bank, string Bin, int Length)[] Banks =
    [
        ("中国工商银行", "622202", 19), ("中国建设银行", "621700", 19),
        ("中国农业银行", "622848", 19), ("中国银行", "621661", 19),
        ("交通银行", "622262", 19), ("招商银行", "622588", 16),
        ("中国邮政储蓄银行", "621799", 19), ("浙商银行", "621019", 19),
    ];

    private static readonly string[] OrganisationKinds =
        ["餐饮有限公司", "酒店管理有限公司", "食品有限公司", "中学", "人民医院", "物业服务有限公司",
            "机械制造有限公司", "纺织有限公司", "能源有限公司", "燃料有限公司"];

    private static readonly string[] OrganisationNames =
        ["恒泰", "鑫源", "华盛", "宏达", "金鼎", "瑞丰", "永安", "天成",
            "嘉和", "德润", "海川", "盛世", "聚福", "祥云", "明珠", "新锐"];

    public static readonly string[] SmsProviders = ["中国移动", "中国联通", "中国电信"];

    internal static string PersonName(SeededRandom rng)
    {
        var surname = rng.Pick(Surnames);
        return rng.Chance(0.35) ? surname + rng.Pick(GivenCharacters) : surname + rng.Pick(GivenCharacters) + rng.Pick(GivenCharacters);
    }

    internal static string OrganisationName(SeededRandom rng, string district) =>
        district[..^1] + rng.Pick(OrganisationNames) + rng.Pick(OrganisationKinds);

    /// <summary>An 18-character resident ID number of someone born between 1940 and 2004.</summary>
    internal static string NationalId(SeededRandom rng)
    {
        var born = new DateOnly(1940, 1, 1).AddDays(rng.Next(365 * 65));
        var body = string.Create(CultureInfo.InvariantCulture, $"{rng.Pick(Regions)}{born:yyyyMMdd}{rng.Next(1000):D3}");
        return body + NationalIdCheck(body);
    }

    /// <summary>ISO 7064 MOD 11-2, as GB 11643 uses it: the check character of the first 17 digits.</summary>
    public static char NationalIdCheck(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * ((1 << (17 - i)) % 11);
        return "10X98765432"[sum % 11];
    }

    public static bool HasValidNationalIdCheck(string id) => id.Length == 18 && NationalIdCheck(id[..17]) == char.ToUpperInvariant(id[17]);

    internal static string Mobile(SeededRandom rng) =>
        rng.Pick(MobilePrefixes) + rng.Next(100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>A debit card: the bank's name and a card number with its Luhn check digit.</summary>
    internal static (string Bank, string CardNumber) BankCard(SeededRandom rng)
    {
        var (bank, bin, length) = rng.Pick(Banks);
        var digits = new char[length];
        bin.CopyTo(digits);
        for (var i = bin.Length; i < length - 1; i++) digits[i] = (char)('0' + rng.Next(10));
        digits[^1] = LuhnCheck(digits.AsSpan(0, length - 1));
        return (bank, new string(digits));
    }

    /// <summary>The Luhn check digit that completes <paramref name="payload"/>.</summary>
    public static char LuhnCheck(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        for (int i = payload.Length - 1, doubled = 1; i >= 0; i--, doubled ^= 1)
        {
            var d = (payload[i] - '0') << doubled;
            sum += d > 9 ? d - 9 : d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    public static bool PassesLuhn(string number) =>
        number.Length > 1 && number.All(char.IsAsciiDigit) && LuhnCheck(number.AsSpan(0, number.Length - 1)) == number[^1];

    private const string CreditCodeCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>
    /// A unified social credit code (统一社会信用代码, GB 32100): "91" (enterprise), a region, nine characters of
    /// organisation code and the MOD 31 check character. The organisation code's own check (GB 11714) is not made.
    /// </summary>
    internal static string CreditCode(SeededRandom rng)
    {
        var chars = new char[18];
        ("91" + rng.Pick(Regions)).CopyTo(chars);
        for (var i = 8; i < 17; i++) chars[i] = CreditCodeCharacters[rng.Next(CreditCodeCharacters.Length)];
        chars[17] = CreditCodeCheck(chars.AsSpan(0, 17));
        return new string(chars);
    }

    public static char CreditCodeCheck(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += CreditCodeCharacters.IndexOf(first17[i]) * CreditCodeWeights[i];
        return CreditCodeCharacters[(31 - sum % 31) % 31];
    }
}
