using System.ComponentModel.DataAnnotations;

namespace GasLedger.Api.Security;

/// <summary>A key to issue: who will hold it and with which roles (at least one, each a role of the contract).</summary>
public sealed record IssueApiKey
{
    [Required] public string? StaffId { get; init; }
    [Required] public IReadOnlyList<string?>? Roles { get; init; }

    /// <summary>A note for administrators: which device or desk the key is for.</summary>
    public string? Label { get; init; }
}

/// <summary>The one answer that shows a key in clear: keep it now, it cannot be shown again.</summary>
public sealed record IssuedKey(Guid Id, string Key, string StaffId, string[] Roles, string? Label, DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>Issuing API keys.</summary>
public static class IssueApiKeyEndpoint
{
    private const int MaxStaffId = 64;
    private const int MaxLabel = 200;

    public static ProblemDetails Validate(IssueApiKey body)
    {
        var errors = new FieldErrors().Require(body.StaffId, "staffId");
        if (body.StaffId is { } staff)
            errors.When(staff.Trim().Length > MaxStaffId || staff.Any(char.IsControl), "staffId",
                $"must be at most {MaxStaffId} characters, without control characters.");
        if (body.Roles is null || body.Roles.Count == 0) errors.Add("roles", "must name at least one role.");
        else
            for (var i = 0; i < body.Roles.Count; i++)
                errors.When(!StaffRoles.All.Contains(body.Roles[i]), $"roles[{i}]", $"must be one of {string.Join(", ", StaffRoles.All)}.");
        errors.When(body.Label is { Length: > MaxLabel }, "label", $"must be at most {MaxLabel} characters.");
        return Problems.Check(errors);
    }

    /// <summary>Issue an API key for a staff member; the key is shown once.</summary>
    /// <remarks>
    /// Issues an API key for a staff member. 201 with the key in clear, once, and its id (to revoke it); only the key's
    /// SHA-256 is stored. No staff id, no role, or an unknown role: 400. The answer is never kept for
    /// <c>Idempotency-Key</c> (it holds the key): a repeat issues another key.
    /// </remarks>
    [WolverinePost("/api/admin/keys"), ProducesResponseType<IssuedKey>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(IssueApiKey body, StoredApiKeys keys, HttpContext http, CancellationToken ct)
    {
        GasLedger.Api.Hosting.Idempotency.DoNotKeep(http);
        GasLedger.Api.Hosting.WriteAttempts.Mark(http);
        var roles = body.Roles!.Select(r => r!).Distinct().ToArray();
        var (view, key) = await keys.Issue(body.StaffId!.Trim(), roles, string.IsNullOrWhiteSpace(body.Label) ? null : body.Label.Trim(),
            http.User.StaffId() ?? "system", ct);
        return Results.Json(new IssuedKey(view.Id, key, view.StaffId, view.Roles, view.Label, view.CreatedAt, view.CreatedBy),
            statusCode: StatusCodes.Status201Created);
    }
}
