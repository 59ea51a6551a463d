using System.ComponentModel.DataAnnotations;
using GasLedger.Domain.Applications;

namespace GasLedger.Api.Applications;

public sealed record DeclineApplication : AccountCommand
{
    /// <summary>Why supply is not possible (R-APP-6): told to the holder.</summary>
    [Required] public string? Reason { get; init; }

    /// <summary>When the holder was told (default the decline's time).</summary>
    public DateTimeOffset? HolderToldAt { get; init; }

    /// <summary>Who told the holder.</summary>
    public string? ToldBy { get; init; }
}

/// <summary>婉拒 — declining an application (R-APP-6).</summary>
public static class DeclineApplicationEndpoint
{
    public static ProblemDetails Validate(DeclineApplication cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason")
        .When(cmd.Reason?.Trim().Length > 500, "reason", "may be at most 500 characters.")
        .When(cmd.ToldBy?.Trim().Length > 40, "toldBy", "may be at most 40 characters."));

    /// <summary>婉拒 — decline an application where supply is not possible.</summary>
    /// <remarks>
    /// An application declined after assessment, with the reason the holder was told (R-APP-6); the account closes as
    /// declined — not an ordinary closure: it counts in no closure or active figure. 400 when <c>reason</c> is missing or
    /// the holder was told after the decline. 409 when the installation is done already, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/decline"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, DeclineApplication cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => ApplicationDecisions.Decline(account, new ApplicationDeclined(cmd.Reason!.Trim(),
            cmd.HolderToldAt ?? at, string.IsNullOrWhiteSpace(cmd.ToldBy) ? null : cmd.ToldBy.Trim(), at)), ct: ct);
}
