using System.ComponentModel.DataAnnotations;
using System.Globalization;
using GasLedger.Api.Security;
using GasLedger.Domain.Calendar;
using Marten;

namespace GasLedger.Api.Calendar;

/// <summary>A year's official arrangement as its notice states it. Dates are <c>yyyy-MM-dd</c>.</summary>
public sealed record SetCalendarYear
{
    /// <summary>Every day off of the notice's holiday blocks (放假), weekend days inside a block included. At least one.</summary>
    [Required] public IReadOnlyList<string?>? Holidays { get; init; }

    /// <summary>调休上班 — the Saturdays and Sundays the notice makes working days. Default none.</summary>
    public IReadOnlyList<string?>? AdjustedWorkingDays { get; init; }

    /// <summary>The notice: title, number and date (国务院办公厅关于2027年部分节假日安排的通知 …).</summary>
    [Required] public string? Source { get; init; }
}

/// <summary>节假日安排 — recording a year's official arrangement.</summary>
public static class SetCalendarYearEndpoint
{
    /// <summary>节假日安排 — record a year's official holiday arrangement.</summary>
    /// <remarks>
    /// Records a year's official arrangement once its notice is out (R-CAL-1). From then on the year is official, no
    /// longer provisional, in every answer, and time limits are recomputed on it. A year that already has one — built
    /// in or added — is replaced (a corrected notice). The whole arrangement is checked first: a missing
    /// <c>holidays</c> or <c>source</c>, a bad date, a date outside the year or listed twice, a date both off and
    /// worked, or an adjusted working day on a weekday is a 400 and nothing is stored; so is a year outside those the
    /// calendar knows.
    /// </remarks>
    [WolverinePut("/api/calendar/years/{year}"),
     ProducesResponseType<CalendarYearView>(StatusCodes.Status200OK),
     ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Put(int year, SetCalendarYear body, IDocumentSession session, Calendars calendars,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (CalendarYearView.Unknown(year) is { } unknown) return unknown;

        var errors = new FieldErrors().Require(body.Holidays, "holidays").Require(body.Source, "source");
        var holidays = Dates(body.Holidays ?? [], "holidays", errors);
        var adjusted = Dates(body.AdjustedWorkingDays ?? [], "adjustedWorkingDays", errors);
        if (!errors.Any) errors = YearArrangement.Check(year, holidays, adjusted, body.Source);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        if (TimeLimits.RecomputeTimeLimits.Refusal(http) is { } refusal) return refusal;

        var staff = http.User.StaffId() ?? "system";
        session.LastModifiedBy = staff;
        session.Store(new YearArrangement(year, holidays.Order().ToArray(), adjusted.Order().ToArray(), body.Source!.Trim())
        {
            RecordedBy = staff,
            RecordedAt = clock.GetUtcNow(),
        });
        await session.SaveChangesAsync(ct);

        var calendar = await calendars.Reload(ct);
        await TimeLimits.RecomputeTimeLimits.Run(http, ct);
        return Results.Ok(CalendarYearView.Of(calendar, year));
    }

    /// <summary>The dates of a list, each <c>yyyy-MM-dd</c>; one that is not adds a field error naming its index.</summary>
    private static List<DateOnly> Dates(IReadOnlyList<string?> texts, string field, FieldErrors errors)
    {
        var dates = new List<DateOnly>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            if (DateOnly.TryParseExact(texts[i]?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                dates.Add(date);
            else
                errors.Add($"{field}[{i}]", "must be a date yyyy-MM-dd.");
        }
        return dates;
    }
}
