using GasLedger.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>登录 — an API key exchanged for a session cookie; back to the page asked for (on this host only).</summary>
public sealed class SignInModel(IOptionsMonitor<ApiKeyOptions> keys, StoredApiKeys stored, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 256
            || await ApiKeyAuthentication.Find(key.Trim(), keys.CurrentValue, stored, ct) is not { } entry)
        {
            Error = texts.T("密钥无效或已吊销。", "The key is unknown or revoked.");
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(Workbench.Scheme, Workbench.Principal(entry, key.Trim()));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
