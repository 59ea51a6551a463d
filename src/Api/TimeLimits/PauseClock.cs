using System.ComponentModel.DataAnnotations;
using GasLedger.Domain.TimeLimits;

namespace GasLedger.Api.TimeLimits;

public sealed record PauseClock : AccountCommand
{
    /// <summary>R-TL-2: holder absent, holder asked for a later date, force majeure.</summary>
    [Required] public PauseReason? Reason { get; init; }

    [FreeText] public string? Note { get; init; }
}

public sealed record ResumeClock : AccountCommand;

/// <summary>时限暂停 — a time limit's clock stopped for a reason outside the company's hands (R-TL-2).</summary>
public static class PauseClockEndpoint
{
    public static ProblemDetails Validate(PauseClock cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason")
        .When(cmd.Note?.Length > 500, "note", "may be at most 500 characters."));

    /// <summary>时限暂停 — stop a time limit's clock, with the reason.</summary>
    /// <remarks>
    /// Time limits exclude causes on the holder's side and force majeure (R-TL-2): the clock of an open time limit
    /// (<c>itemId</c> as <c>/api/sla</c> shows it) stands from <c>occurredAt</c>, with its reason, until it is resumed; the
    /// SLA answer shows the pause, and the due time moves on by the time the clock stood. 400 when <c>reason</c> is
    /// missing. 404 for no such time limit of the account. 409 when it is done or its clock stands already.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/time-limits/{itemId}/pause"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, string itemId, PauseClock cmd, AccountStreams streams, CancellationToken ct) =>
        streams.DecideAsync(accountId, cmd, async (account, at) => ClockDecisions.Pause(
            await streams.TimeLimitsAt(accountId, account.Version, ct) ?? new AccountTimeLimits { Id = accountId },
            new ClockPaused(itemId, cmd.Reason!.Value, string.IsNullOrWhiteSpace(cmd.Note) ? null : cmd.Note.Trim(), at)), ct: ct);
}

/// <summary>时限恢复 — a paused clock running again (R-TL-2).</summary>
public static class ResumeClockEndpoint
{
    /// <summary>时限恢复 — resume a paused time limit's clock.</summary>
    /// <remarks>
    /// The clock of a paused time limit runs again from <c>occurredAt</c> (R-TL-2); its due time is later by the time it
    /// stood. The body may be empty. 404 for no such time limit of the account. 409 when its clock is not paused.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/time-limits/{itemId}/resume"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, string itemId, ResumeClock? cmd, AccountStreams streams, CancellationToken ct) =>
        streams.DecideAsync(accountId, cmd ?? new ResumeClock(), async (account, at) => ClockDecisions.Resume(
            await streams.TimeLimitsAt(accountId, account.Version, ct) ?? new AccountTimeLimits { Id = accountId },
            new ClockResumed(itemId, at)), ct: ct);
}
