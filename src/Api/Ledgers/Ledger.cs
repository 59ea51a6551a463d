using System.Linq.Expressions;
using Marten.Pagination;
using Marten;

namespace GasLedger.Api.Ledgers;

/// <summary>One ledger (台账) as <c>GET /api/ledgers/{ledger}</c> answers it: a page of JSON, or every row as CSV.</summary>
public abstract class Ledger(string name)
{
    public const string CsvContentType = "text/csv";

    public string Name => name;

    /// <summary>The ledger's answer to a query whose common part parsed; 400 if one of its own filters does not.</summary>
    public abstract Task<IResult> Answer(IDocumentStore store, LedgerQuery query, bool csv, CancellationToken ct);
}

/// <summary>
/// A ledger of <typeparamref name="TRow"/> rows. The period filters the ledger's main date; <c>district</c> and
/// <c>accountNumber</c> filter the columns every row has; <c>staff</c> the ledger's staff column; the ledger's own
/// filters the rest. Rows come sorted by the main date, then by id. <c>mask</c>, when given, is applied to every row of
/// every answer, JSON and CSV alike (R-INT-2: an address to the building).
/// </summary>
public sealed class Ledger<TRow>(
    string name,
    Expression<Func<TRow, DateTimeOffset>> mainDate,
    Expression<Func<TRow, string?>> staff,
    Func<IQueryable<TRow>, IOrderedQueryable<TRow>> order,
    Func<IQueryable<TRow>, LedgerQuery, IQueryable<TRow>> filters,
    Func<TRow, TRow>? mask = null) : Ledger(name) where TRow : class
{
    public override async Task<IResult> Answer(IDocumentStore store, LedgerQuery query, bool csv, CancellationToken ct)
    {
        var session = store.QuerySession();
        var rows = Rows(session, query);
        if (query.Errors.Any)
        {
            await session.DisposeAsync();
            return Problems.Invalid(query.Errors.ToDictionary());
        }
        // The CSV answer streams the rows after this returns, and disposes of the session when it is done.
        if (csv) return new LedgerCsv<TRow>(session, rows, FileName(query), Mask);

        await using (session)
        {
            var page = await rows.ToPagedListAsync(query.Page, query.PageSize, ct);
            return Results.Ok(new Paged<TRow>(page.Select(Mask).ToArray(), query.Page, query.PageSize, page.TotalItemCount));
        }
    }

    private TRow Mask(TRow row) => mask is null ? row : mask(row);

    private IQueryable<TRow> Rows(IQuerySession session, LedgerQuery query)
    {
        var rows = session.Query<TRow>().AsQueryable();
        if (query.Start is { } start) rows = rows.Where(Compare(mainDate, start, Expression.GreaterThanOrEqual));
        if (query.End is { } end) rows = rows.Where(Compare(mainDate, end, Expression.LessThan));
        if (query.District is { } district) rows = rows.Where(Compare(Column<string>("District"), district, Expression.Equal));
        if (query.AccountNumber is { } number) rows = rows.Where(Compare(Column<string>("AccountNumber"), number, Expression.Equal));
        if (query.Staff is { } who) rows = rows.Where(Compare(staff, who, Expression.Equal));
        return order(filters(rows, query));
    }

    private string FileName(LedgerQuery query) =>
        string.Join("-", new[] { Name, query.From?.ToString("yyyyMMdd"), query.To?.ToString("yyyyMMdd") }.Where(p => p is not null))
            + ".csv";

    /// <summary><c>r =&gt; r.{name}</c>: a column every row type has by that name.</summary>
    private static Expression<Func<TRow, T>> Column<T>(string name)
    {
        var row = Expression.Parameter(typeof(TRow), "r");
        return Expression.Lambda<Func<TRow, T>>(Expression.Property(row, name), row);
    }

    /// <summary><c>r =&gt; column(r) op value</c>.</summary>
    private static Expression<Func<TRow, bool>> Compare<T>(
        Expression<Func<TRow, T>> column, T value, Func<Expression, Expression, BinaryExpression> op) =>
        Expression.Lambda<Func<TRow, bool>>(op(column.Body, Expression.Constant(value, typeof(T))), column.Parameters);
}
