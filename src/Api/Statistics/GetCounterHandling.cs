using GasLedger.Api.Ledgers;
using GasLedger.Domain.Counter;
using GasLedger.Projections;
using GasLedger.Projections.Ledgers;
using Marten;

namespace GasLedger.Api.Statistics;

/// <summary>
/// One group of a month's counter transactions: how many were done, how many of them had their handling minutes
/// measured, how many of those were within the commitment, and that share; the mean minutes.
/// </summary>
public sealed record CounterFigures(int Done, int Measured, int WithinCommitment, decimal? ShareWithinCommitment, decimal? MeanMinutes);

/// <summary>A transaction kind's figures, with its commitment (none where the regulations give none).</summary>
public sealed record CounterTransactionFigures(CounterTransaction Transaction, int? CommitmentMinutes, CounterFigures Figures);

/// <summary>A counter's figures over every kind that has a commitment, and its own per kind.</summary>
public sealed record CounterDeskFigures(string Counter, CounterFigures Figures, IReadOnlyList<CounterTransactionFigures> ByTransaction);

public sealed record CounterHandlingReport(string Month, string? District, IReadOnlyList<CounterTransactionFigures> ByTransaction,
    IReadOnlyList<CounterDeskFigures> ByCounter);

/// <summary>柜台服务时限 — the monthly handling-time report of the counters (R-APP-5).</summary>
public static class GetCounterHandlingEndpoint
{
    /// <summary>柜台服务时限 — counter transactions of a month, and the share done within their commitments.</summary>
    /// <remarks>
    /// For <c>month</c> (<c>yyyy-MM</c>, company time; default this month) and <c>district</c> if given, from the counter
    /// ledger: per transaction kind and per counter (a transaction without one counts under <c>—</c>), the number done, the
    /// number whose handling minutes were measured, how many of those were within the commitment of its kind (R-APP-4/5:
    /// a bill or top-up 3 minutes, a direct debit 5, a bill query 5, opening an account 10, an IC-card account 15, a
    /// transfer 10) and that share, and the mean minutes. A counter's own figures count the kinds that have a commitment.
    /// 400 when <c>month</c> is not one.
    /// </remarks>
    [WolverineGet("/api/statistics/counter"), ProducesResponseType<CounterHandlingReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([Takes(QueryText.Month)] string? month, string? district, IDocumentStore store,
        ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var first = ReadInput.Month(month, policy.LocalDate(clock.GetUtcNow()), errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var area = ReadInput.District(district);

        // The month's rows through the main date's index; a month of counter transactions is grouped here.
        var (from, until) = (policy.StartOfLocalDay(first), policy.StartOfLocalDay(first.AddMonths(1)));
        await using var session = store.QuerySession();
        var rows = session.Query<CounterRow>().Where(r => r.HandledAt >= from && r.HandledAt < until);
        if (area is not null) rows = rows.Where(r => r.District == area);
        var groups = (await rows.Select(r => new { r.Transaction, r.Counter, r.HandlingMinutes, r.WithinCommitment }).ToListAsync(ct))
            .GroupBy(r => (r.Transaction, Counter: r.Counter ?? "—"))
            .Select(g => (Kind: g.Key.Transaction, g.Key.Counter, Tally: new Tally(g.Count(), g.Count(r => r.HandlingMinutes is not null),
                g.Count(r => r.WithinCommitment == true), g.Sum(r => (long)(r.HandlingMinutes ?? 0)))))
            .ToList();

        CounterTransactionFigures Kind(CounterTransaction kind, IEnumerable<Tally> tallies) =>
            new(kind, policy.CounterCommitmentMinutes(kind), Tally.Sum(tallies).Figures(policy.CounterCommitmentMinutes(kind) is not null));
        var byKind = groups.GroupBy(g => g.Kind).OrderBy(g => g.Key).Select(g => Kind(g.Key, g.Select(x => x.Tally))).ToArray();
        var byCounter = groups.GroupBy(g => g.Counter).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CounterDeskFigures(g.Key,
                Tally.Sum(g.Where(x => policy.CounterCommitmentMinutes(x.Kind) is not null).Select(x => x.Tally)).Figures(true),
                g.GroupBy(x => x.Kind).OrderBy(k => k.Key).Select(k => Kind(k.Key, k.Select(x => x.Tally))).ToArray()))
            .ToArray();
        return Results.Ok(new CounterHandlingReport(first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), area, byKind, byCounter));
    }

    /// <summary>Sums of a group of rows: done, measured, within, total minutes measured.</summary>
    private sealed record Tally(int Done, int Measured, int Within, long Minutes)
    {
        public static Tally Sum(IEnumerable<Tally> tallies) => tallies.Aggregate(new Tally(0, 0, 0, 0),
            (a, b) => new Tally(a.Done + b.Done, a.Measured + b.Measured, a.Within + b.Within, a.Minutes + b.Minutes));

        public CounterFigures Figures(bool committed) => new(Done, Measured, committed ? Within : 0,
            committed && Measured > 0 ? Math.Round((decimal)Within / Measured, 4) : null,
            Measured > 0 ? Math.Round((decimal)Minutes / Measured, 1) : null);
    }
}
