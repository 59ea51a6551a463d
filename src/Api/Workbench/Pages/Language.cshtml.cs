using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>中文 / English — the reader's language, kept in a cookie for a year; back to the same page.</summary>
public sealed class LanguageModel : PageModel
{
    public IActionResult OnPost(string? to, string? back)
    {
        Response.Cookies.Append(Texts.Cookie, to == "en" ? "en" : "zh", new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });
        return LocalRedirect(Url.IsLocalUrl(back) ? back! : "/");
    }
}
