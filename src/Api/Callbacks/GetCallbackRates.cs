using GasLedger.Api.Hosting;
using GasLedger.Domain.Callbacks;
using GasLedger.Projections.Callbacks;
using GasLedger.Projections.Ledgers;
using GasLedger.Projections.Satisfaction;
using GasLedger.Projections;
using Marten;
using Npgsql;

namespace GasLedger.Api.Callbacks;

/// <summary>
/// One kind's month (R-CB-1/3/5): the callbacks that fell due in it (their window ends in the month), how many of them
/// were made by the window's end (<c>calledBack</c>), the rate and the required rate, how far short it falls, the
/// points lost, and who answers for it. <c>callbacksMade</c> counts every callback of the kind recorded in the month,
/// reached or not, whatever it followed.
/// </summary>
public sealed record KindRate(
    CallbackKind Kind, int Due, int CalledBack, int CallbacksMade, decimal? Rate, decimal? RequiredRate, decimal Shortfall, int Bands,
    int PointsLost, IReadOnlyList<string> Responsible);

/// <summary>
/// R-CB-5: points a staff member loses of the month's performance score for one kind's rate. <c>basis</c>:
/// <c>owner</c> (the kind's configured owner, <c>ServicePolicy.CallbackOwners</c>), <c>madeCallbacks</c> (made that
/// kind's callbacks in the month), or <c>unassigned</c> (no owner and nobody called: <c>staff</c> is null).
/// </summary>
public sealed record Deduction(string? Staff, CallbackKind Kind, decimal? Rate, decimal? RequiredRate, int Bands, int Points, string Basis);

/// <summary>R-CB-5: a staff member's points lost in the month, all kinds together.</summary>
public sealed record StaffPoints(string Staff, int Points);

/// <summary>R-CB-3: the month's callback ledger in figures, per kind and in all.</summary>
public sealed record LedgerTotals(
    int Callbacks, int Reached, int NotReached, int ComplaintFollowUps, int Dissatisfied, int IrregularChargesReported, int WithOpinions,
    IReadOnlyList<KindTotals> ByKind);

public sealed record KindTotals(CallbackKind Kind, int Callbacks, int Reached, int NotReached);

/// <summary>R-CB-2/3: an opinion or need a holder gave at a callback in the month.</summary>
public sealed record OpinionView(DateTimeOffset OccurredAt, Guid AccountId, string AccountNumber, string District, CallbackKind Kind,
    string Staff, Domain.SatisfactionLevel? Satisfaction, string Opinions);

/// <summary>
/// R-CB-8: one day's repairs and their satisfaction surveys — every repair is surveyed, not a sample: the repairs
/// completed that day, those whose holder was reached by the after-repair callback, and that coverage.
/// </summary>
public sealed record RepairSurveyDay(string Date, int Repairs, int Surveyed, decimal Coverage);

public sealed record CallbackRatesAnswer(
    string Month, string? District, IReadOnlyList<KindRate> Kinds, IReadOnlyList<Deduction> Deductions,
    IReadOnlyList<StaffPoints> PointsByStaff, LedgerTotals Ledger, IReadOnlyList<OpinionView> Opinions,
    IReadOnlyList<RepairSurveyDay> RepairSurveys);

/// <summary>回访率 — the month's callback rates.</summary>
public static class GetCallbackRatesEndpoint
{
    /// <summary>回访率 — a month's callback rates per kind, with deductions and ledger totals.</summary>
    /// <remarks>
    /// Per callback kind, the work that fell due in the month <c>month</c> (e.g. 2026-10; default this month), the
    /// callbacks made, the rate against its required rate (R-CB-1/3) and the R-CB-5 deductions, with the month's
    /// callback ledger totals and the opinions recorded (R-CB-3). Counted in the database (GROUP BY over the plan and
    /// ledger tables). Who answers for a kind's rate (R-CB-5): the kind's owner if the policy names one (its
    /// <c>CallbackOwners</c>, by kind); else each staff member who made callbacks of that kind in the month, each
    /// losing the kind's points — they share the desk and the shortfall is the desk's; else nobody is named and the
    /// deduction is listed unassigned. <c>repairSurveys</c>: for each day of the month with repairs completed, how many,
    /// how many were surveyed (a reached after-repair callback), and that coverage (R-CB-8: every repair, not a sample).
    /// </remarks>
    [WolverineGet("/api/callbacks/rates"), ProducesResponseType<CallbackRatesAnswer>(StatusCodes.Status200OK),
     ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public static async Task<IResult> Get([Takes(QueryText.Month)] string? month, string? district, NpgsqlDataSource db, IQuerySession session, ServicePolicy policy,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var first = ReadInput.Month(month, policy.LocalDate(clock.GetUtcNow()), errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var name = Dates.Month(first);
        var onlyDistrict = ReadInput.District(district);

        var due = await Due(db, session.DocumentStore, name, onlyDistrict, ct);
        var (start, end) = (policy.StartOfLocalDay(first).ToUniversalTime(), policy.StartOfLocalDay(first.AddMonths(1)).ToUniversalTime());
        var ledger = await Ledger(db, session.DocumentStore, name, start, end, onlyDistrict, ct);

        var kinds = new List<KindRate>();
        var deductions = new List<Deduction>();
        foreach (var kind in Enum.GetValues<CallbackKind>())
        {
            var (dueCount, calledBack) = due.GetValueOrDefault(kind);
            var assessment = CallbackAssessment.Assess(kind, dueCount, calledBack, policy);
            var callers = ledger.Where(l => l.Kind == kind).GroupBy(l => l.Staff).Select(g => g.Key)
                .Order(StringComparer.Ordinal).ToArray();
            string[] responsible;
            string basis;
            if (policy.CallbackOwners.TryGetValue(WireNames.Of(kind.ToString()), out var owner) && !string.IsNullOrWhiteSpace(owner))
                (responsible, basis) = ([owner.Trim()], "owner");
            else if (callers.Length > 0)
                (responsible, basis) = (callers, "madeCallbacks");
            else
                (responsible, basis) = ([], "unassigned");

            kinds.Add(new KindRate(kind, dueCount, calledBack, ledger.Where(l => l.Kind == kind).Sum(l => l.Callbacks), assessment.Rate,
                assessment.RequiredRate, assessment.Shortfall, assessment.Bands, assessment.PointsLost, responsible));
            if (assessment.PointsLost == 0) continue;
            if (responsible.Length == 0)
                deductions.Add(new Deduction(null, kind, assessment.Rate, assessment.RequiredRate, assessment.Bands,
                    assessment.PointsLost, basis));
            foreach (var staff in responsible)
                deductions.Add(new Deduction(staff, kind, assessment.Rate, assessment.RequiredRate, assessment.Bands,
                    assessment.PointsLost, basis));
        }
        var pointsByStaff = deductions.Where(d => d.Staff is not null).GroupBy(d => d.Staff!)
            .Select(g => new StaffPoints(g.Key, g.Sum(d => d.Points)))
            .OrderByDescending(p => p.Points).ThenBy(p => p.Staff, StringComparer.Ordinal).ToArray();

        var byKind = ledger.GroupBy(l => l.Kind).OrderBy(g => g.Key)
            .Select(g => new KindTotals(g.Key, g.Sum(l => l.Callbacks), g.Sum(l => l.Reached), g.Sum(l => l.Callbacks - l.Reached)))
            .ToArray();
        var totals = new LedgerTotals(ledger.Sum(l => l.Callbacks), ledger.Sum(l => l.Reached), ledger.Sum(l => l.Callbacks - l.Reached),
            ledger.Where(l => l.FollowUp).Sum(l => l.Callbacks), ledger.Sum(l => l.Dissatisfied), ledger.Sum(l => l.Irregular),
            ledger.Sum(l => l.WithOpinions), byKind);

        var withOpinions = session.Query<CallbackRow>().Where(r => r.CalledAt >= start && r.CalledAt < end && r.Opinions != null);
        if (onlyDistrict is not null) withOpinions = withOpinions.Where(r => r.District == onlyDistrict);
        var opinionViews = (await withOpinions.ToListAsync(ct))
            .Where(r => !string.IsNullOrWhiteSpace(r.Opinions))
            .OrderBy(r => r.CalledAt).ThenBy(r => r.CallbackId)
            .Select(r => new OpinionView(r.CalledAt, r.AccountId, r.AccountNumber, r.District, r.Kind, r.Staff, r.Satisfaction,
                r.Opinions!.Trim())).ToArray();

        var surveys = await RepairSurveys(db, session.DocumentStore, first, onlyDistrict, ct);
        return Results.Ok(new CallbackRatesAnswer(name, onlyDistrict, kinds, deductions, pointsByStaff, totals, opinionViews, surveys));
    }

    /// <summary>
    /// R-CB-8: per day of the month, the repairs completed and those surveyed. An after-repair item falls due in its work's
    /// month or, for the month's last days, the next: both months' items are read by the due month's index.
    /// </summary>
    private static async Task<IReadOnlyList<RepairSurveyDay>> RepairSurveys(NpgsqlDataSource db, IDocumentStore store, DateOnly first,
        string? district, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select d.data ->> 'workDate', count(*)::int, (count(*) filter (where d.data ->> 'callbackId' is not null))::int
            from {DocumentTables.Of<CallbackPlanItem>(store)} d
            where d.data ->> 'dueMonth' in ($1, $2) and d.data ->> 'kind' = 'AfterRepair' and left(d.data ->> 'workDate', 7) = $1
              and (d.data ->> 'cancelled')::boolean = false and ($3::text is null or d.data ->> 'district' = $3)
            group by 1 order by 1
            """);
        cmd.Parameters.AddWithValue(Dates.Month(first));
        cmd.Parameters.AddWithValue(Dates.Month(first.AddMonths(1)));
        cmd.Parameters.Add(SqlParameters.Text(district));
        var days = new List<RepairSurveyDay>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            days.Add(new RepairSurveyDay(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2),
                Math.Round((decimal)reader.GetInt32(2) / reader.GetInt32(1), 4)));
        return days;
    }

    private static async Task<Dictionary<CallbackKind, (int Due, int CalledBack)>> Due(NpgsqlDataSource db, IDocumentStore store,
        string month, string? district, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select d.data ->> 'kind', count(*)::int, (count(*) filter (where (d.data ->> 'onTime')::boolean))::int
            from {DocumentTables.Of<CallbackPlanItem>(store)} d
            where d.data ->> 'dueMonth' = $1 and (d.data ->> 'cancelled')::boolean = false and ($2::text is null or d.data ->> 'district' = $2)
            group by 1
            """);
        cmd.Parameters.AddWithValue(month);
        cmd.Parameters.Add(SqlParameters.Text(district));
        var due = new Dictionary<CallbackKind, (int, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            due[ReadInput.Stored<CallbackKind>(reader.GetString(0))] = (reader.GetInt32(1), reader.GetInt32(2));
        return due;
    }

    private sealed record LedgerRow(CallbackKind Kind, string Staff, bool FollowUp, int Callbacks, int Reached, int Dissatisfied,
        int Irregular, int WithOpinions);

    /// <summary>
    /// The month's callbacks (the callback ledger's rows called in <paramref name="start"/> … <paramref name="end"/>, by the
    /// index on the call's time) and its complaint follow-ups, counted together by kind, staff and follow-up or not.
    /// </summary>
    private static async Task<List<LedgerRow>> Ledger(NpgsqlDataSource db, IDocumentStore store, string month, DateTimeOffset start,
        DateTimeOffset end, string? district, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select kind, staff, follow_up, count(*)::int,
                   (count(*) filter (where reached))::int,
                   (count(*) filter (where lower(satisfaction) = 'dissatisfied'))::int,
                   (count(*) filter (where irregular))::int,
                   (count(*) filter (where opinions))::int
            from (
                select d.data ->> 'kind' kind, d.data ->> 'staff' staff, false follow_up, (d.data ->> 'reached')::boolean reached,
                       d.data ->> 'satisfaction' satisfaction, (d.data ->> 'irregularChargeReported')::boolean irregular,
                       coalesce(d.data ->> 'opinions' ~ '[^[:space:]　]', false) opinions
                from {DocumentTables.Of<Projections.Ledgers.CallbackRow>(store)} d
                where {Storage.Schema}.mt_immutable_timestamptz(d.data ->> 'calledAt') >= $3
                  and {Storage.Schema}.mt_immutable_timestamptz(d.data ->> 'calledAt') < $4
                  and ($2::text is null or d.data ->> 'district' = $2)
                union all
                select 'AfterComplaint', f.data ->> 'staff', true, true, f.data ->> 'satisfaction', false, false
                from {DocumentTables.Of<ComplaintFollowUpEntry>(store)} f
                where f.data ->> 'month' = $1 and ($2::text is null or f.data ->> 'district' = $2)
            ) callbacks
            group by 1, 2, 3
            """);
        cmd.Parameters.AddWithValue(month);
        cmd.Parameters.Add(SqlParameters.Text(district));
        cmd.Parameters.AddWithValue(start);
        cmd.Parameters.AddWithValue(end);
        var rows = new List<LedgerRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new LedgerRow(ReadInput.Stored<CallbackKind>(reader.GetString(0)), reader.GetString(1), reader.GetBoolean(2),
                reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)));
        return rows;
    }
}
