using GasLedger.Api.Classification;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>
/// 分类分级 — the classification on any date: the distribution by tier, stage and service level, and the accounts of a
/// class.
/// </summary>
public sealed class ClassificationModel(IQuerySession session, NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock)
    : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? District { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tier { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? ServiceLevel { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public ClassificationAnswer? Answer { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/classification")) return Forbid(Workbench.Scheme);
        Answer = Value<ClassificationAnswer>(await GetClassificationEndpoint.Get(Blank(AsOf), Blank(District), Blank(Category), Blank(Tier),
            Blank(ServiceLevel), Blank(Stage), PageNumber, 50, session, db, policy, clock, ct));
        return Page();
    }
}
