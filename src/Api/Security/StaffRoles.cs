using System.Security.Claims;

namespace GasLedger.Api.Security;

/// <summary>
/// The staff roles of the contract, and which of them may issue each kind of command. Which routes each role may call
/// is the table of <see cref="RouteAccess"/>; analysts and auditors only read.
/// </summary>
public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Technician = "technician";
    public const string CallbackStaff = "callbackStaff";
    public const string CustomerManager = "customerManager";
    public const string Analyst = "analyst";
    public const string Auditor = "auditor";

    public static readonly string[] All = [Admin, Agent, Technician, CallbackStaff, CustomerManager, Analyst, Auditor];

    // Role lists by the desk that does the work; RouteAccess.Table grants each command route one of them.

    /// <summary>Counter and hotline: applications, fees, scheduling, gas-on requests, transfers, supply, dispatch.</summary>
    public const string Counter = Admin + "," + Agent;

    /// <summary>Work done on site: installation, gas-on, inspections, rectification, repairs.</summary>
    public const string Field = Admin + "," + Technician;

    /// <summary>Whoever receives a complaint or a repair call (首问负责制, R-CMP-6).</summary>
    public const string Reception = Admin + "," + Agent + "," + CustomerManager;

    /// <summary>Complaint handling: reply and resolution.</summary>
    public const string ComplaintHandling = Admin + "," + Agent + "," + CustomerManager;

    /// <summary>Callbacks and complaint follow-ups.</summary>
    public const string Callback = Admin + "," + CallbackStaff + "," + CustomerManager;

    /// <summary>Ratings come from the counter keypad, the technician's device, or a callback.</summary>
    public const string Rating = Admin + "," + Agent + "," + Technician + "," + CallbackStaff;

    /// <summary>Usage: meter readers (technicians) and the counter (IC-card purchases).</summary>
    public const string Usage = Admin + "," + Agent + "," + Technician;

    /// <summary>The audit: the log with its seals, verification.</summary>
    public const string Audit = Admin + "," + Auditor;

    public const string StaffIdClaim = "staff_id";

    public static string? StaffId(this ClaimsPrincipal user) => user.FindFirst(StaffIdClaim)?.Value;

    /// <summary>The one shape of an authenticated staff member, however they came in (API key or bearer token).</summary>
    public static ClaimsPrincipal Principal(string staffId, IEnumerable<string> roles, string scheme)
    {
        var claims = new List<Claim> { new(StaffIdClaim, staffId), new(ClaimTypes.Name, staffId) };
        claims.AddRange(roles.Distinct().Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
