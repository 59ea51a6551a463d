using System.Security.Claims;
using GasLedger.Api.Security;

namespace GasLedger.Api.Parties;

/// <summary>How much of a party and an address an answer shows (R-INT-2).</summary>
public enum Disclosure
{
    /// <summary>Every answer, every CSV, every role, unless asked otherwise: <c>张*</c>, <c>110101********1234</c>,
    /// <c>138****8000</c>, <c>**** 1234</c>, the address to the building.</summary>
    Masked,

    /// <summary>Only when asked for (<c>?unmasked=true</c>), by a role that serves the holder; each such read is logged.</summary>
    Full,
}

/// <summary>
/// Who may read a party unmasked (R-INT-2: staff see what their role needs): the counter and hotline (<c>agent</c>),
/// serving the holder; a customer manager, for key accounts (重点客户, R-CLS-4 service level <c>key</c>) only;
/// administrators. Every other role is refused (403), and even these roles get masked values unless they ask.
/// </summary>
public static class Unmasking
{
    public static readonly string[] Roles = [StaffRoles.Admin, StaffRoles.Agent, StaffRoles.CustomerManager];

    /// <summary>Null when <paramref name="user"/> may read this account's holder unmasked; else why not.</summary>
    public static string? Refusal(ClaimsPrincipal user, Account account, DateTimeOffset now, ServicePolicy policy)
    {
        if (user.IsInRole(StaffRoles.Admin) || user.IsInRole(StaffRoles.Agent)) return null;
        if (user.IsInRole(StaffRoles.CustomerManager))
            return Classifier.Classify(account, policy.LocalDate(now), policy).ServiceLevel == ServiceLevel.Key
                ? null
                : $"A customer manager reads unmasked personal data of key accounts only; account {account.Number} is not one.";
        return "Your role may not read unmasked personal data (R-INT-2).";
    }

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: detail);
}
