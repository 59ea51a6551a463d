using System.Globalization;

namespace GasLedger.Api.Workbench;

/// <summary>
/// The workbench's two languages: Chinese first (the users' language, and the ledgers' and rules' own terms), English on
/// the switch, remembered in a cookie. Numbers with thousands separators, times in company time.
/// </summary>
public sealed class Texts(IHttpContextAccessor http, ServicePolicy policy)
{
    public const string Cookie = "gl_lang";

    public bool English => http.HttpContext?.Request.Cookies[Cookie] == "en";

    public string Lang => English ? "en" : "zh-CN";

    /// <summary>The text in the reader's language.</summary>
    public string T(string chinese, string english) => English ? english : chinese;

    public static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string N(decimal n, int decimals = 1) => n.ToString("N" + decimals, CultureInfo.InvariantCulture);

    public static string Percent(decimal? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";

    public string Time(DateTimeOffset? at, string format = "yyyy-MM-dd HH:mm") => Workbench.Local(at, policy, format);
}
