using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>退出 — the session ends (a form post, with its antiforgery token).</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(Workbench.Scheme);
        return Redirect("/sign-in");
    }
}
