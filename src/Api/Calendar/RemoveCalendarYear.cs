using GasLedger.Api.Security;
using GasLedger.Domain.Calendar;
using Marten;

namespace GasLedger.Api.Calendar;

/// <summary>工作日历 — removing an added year.</summary>
public static class RemoveCalendarYearEndpoint
{
    /// <summary>工作日历 — take back a year's arrangement added by mistake.</summary>
    /// <remarks>
    /// Takes back an arrangement added by mistake. The year falls back to its built-in arrangement, or becomes
    /// provisional again; the answer shows which, and time limits are recomputed on the calendar in force. 404 when no
    /// arrangement was added for the year (a built-in one cannot be removed, only replaced).
    /// </remarks>
    [WolverineDelete("/api/calendar/years/{year}"),
     ProducesResponseType<CalendarYearView>(StatusCodes.Status200OK),
     ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Delete(int year, IDocumentSession session, Calendars calendars, HttpContext http, CancellationToken ct)
    {
        if (TimeLimits.RecomputeTimeLimits.Refusal(http) is { } refusal) return refusal;
        var stored = await session.LoadAsync<YearArrangement>(year, ct);
        if (stored is not null)
        {
            session.LastModifiedBy = http.User.StaffId() ?? "system";
            session.Delete(stored);
            await session.SaveChangesAsync(ct);
        }
        // Reloaded either way, so the calendar in force matches the store even if it had drifted.
        var calendar = await calendars.Reload(ct);
        await TimeLimits.RecomputeTimeLimits.Run(http, ct);
        if (stored is null)
            return Problems.NotFound($"No arrangement was added for {year}; nothing was removed.");
        return Results.Ok(CalendarYearView.Of(calendar, year));
    }
}
