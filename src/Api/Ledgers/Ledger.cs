using System.Linq.Expressions;
using Marten;

namespace GasLedger.Api.Ledgers;

/// <summary>One ledger (台账) as <c>GET /api/ledgers/{ledger}</c> answers it: a page of JSON, or every row as CSV.</summary>
public abstract class Ledger(string name, string title, Type row, string mainDate, string staff, IReadOnlyList<LedgerFilter> filters)
{
    public const string CsvContentType = "text/csv";

    public string Name => name;

    /// <summary>What the staff call it (报装台账 — applications).</summary>
    public string Title => title;

    /// <summary>The row property the period filters and the rows are sorted by, and the one <c>staff</c> filters.</summary>
    public (string MainDate, string Staff) Columns => (mainDate, staff);

    /// <summary>The type of the ledger's rows (its JSON and CSV columns).</summary>
    public Type Row => row;

    /// <summary>The ledger's own filters, beyond the period, district, account number and staff every ledger takes.</summary>
    public IReadOnlyList<LedgerFilter> Filters => filters;

    /// <summary>
    /// The indexes its queries need besides the main date and district every ledger table has
    /// (<c>AddLedgerDocuments</c>): the account number, and each filter — its own and the staff column — with the main
    /// date after it, so that a filtered page is read in the order it is shown.
    /// </summary>
    public abstract void AddIndexes(Marten.StoreOptions options);

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
    string title,
    Expression<Func<TRow, DateTimeOffset>> mainDate,
    Expression<Func<TRow, string?>> staff,
    Func<IQueryable<TRow>, IOrderedQueryable<TRow>> order,
    Func<TRow, TRow>? mask,
    params LedgerFilter<TRow>[] filters)
    : Ledger(name, title, typeof(TRow), MemberName(mainDate), MemberName(staff), filters) where TRow : class
{
    public override async Task<IResult> Answer(IDocumentStore store, LedgerQuery query, bool csv, CancellationToken ct)
    {
        var session = store.QuerySession();
        var rows = Filtered(session, query);
        if (query.Errors.Any)
        {
            await session.DisposeAsync();
            return Problems.Invalid(query.Errors.ToDictionary());
        }
        // The CSV answer streams the rows after this returns, and disposes of the session when it is done.
        if (csv) return new LedgerCsv<TRow>(session, order(rows), FileName(query), Mask);

        await using (session)
        {
            // The page, read in order from the main date's index, and the count apart: a count over the page's window
            // would read and sort every matching row before the first. A first page that is not full is every row.
            var page = await order(rows).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
            long total = query.Page == 1 && page.Count < query.PageSize ? page.Count : await rows.LongCountAsync(ct);
            return Results.Ok(new Paged<TRow>(page.Select(Mask).ToArray(), query.Page, query.PageSize, total));
        }
    }

    public override void AddIndexes(Marten.StoreOptions options)
    {
        var rows = options.Schema.For<TRow>();
        var byDate = LedgerFilter<TRow>.Boxed(mainDate);
        rows.Index(LedgerFilter<TRow>.Boxed(Column<string>("AccountNumber")));
        rows.Index([LedgerFilter<TRow>.Boxed(staff), byDate], i => i.Name = $"mt_doc_{typeof(TRow).Name.ToLowerInvariant()}_by_staff");
        foreach (var filter in filters)
            rows.Index([filter.Column, byDate], i => i.Name = $"mt_doc_{typeof(TRow).Name.ToLowerInvariant()}_by_{filter.Name.ToLowerInvariant()}");
    }

    private TRow Mask(TRow row) => mask is null ? row : mask(row);

    /// <summary>The rows the query's filters keep, not yet ordered.</summary>
    private IQueryable<TRow> Filtered(IQuerySession session, LedgerQuery query)
    {
        var rows = session.Query<TRow>().AsQueryable();
        if (query.Start is { } start) rows = rows.Where(Compare(mainDate, start, Expression.GreaterThanOrEqual));
        if (query.End is { } end) rows = rows.Where(Compare(mainDate, end, Expression.LessThan));
        if (query.District is { } district) rows = rows.Where(Compare(Column<string>("District"), district, Expression.Equal));
        if (query.AccountNumber is { } number) rows = rows.Where(Compare(Column<string>("AccountNumber"), number, Expression.Equal));
        if (query.Staff is { } who) rows = rows.Where(Compare(staff, who, Expression.Equal));
        foreach (var filter in filters) rows = filter.Apply(rows, query);
        return rows;
    }

    private string FileName(LedgerQuery query) =>
        string.Join("-", new[] { Name, query.From?.ToString("yyyyMMdd"), query.To?.ToString("yyyyMMdd") }.Where(p => p is not null))
            + ".csv";

    private static string MemberName<T>(Expression<Func<TRow, T>> column) =>
        WireNames.Of(((MemberExpression)column.Body).Member.Name);

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

/// <summary>A ledger's own filter: its name in the query string and the type of value it takes (an enumeration, or bool).</summary>
public abstract record LedgerFilter(string Name, Type Takes);

/// <summary>A filter of <typeparamref name="TRow"/> rows, made by <see cref="Is{T}"/>, <see cref="Yes"/> or <see cref="Has{T}"/>.</summary>
public sealed record LedgerFilter<TRow>(string Name, Type Takes, Expression<Func<TRow, object>> Column,
    Func<IQueryable<TRow>, LedgerQuery, IQueryable<TRow>> Apply)
    : LedgerFilter(Name, Takes)
{
    /// <summary><c>r =&gt; (object)column(r)</c>: a column as Marten's index registration takes it.</summary>
    internal static Expression<Func<TRow, object>> Boxed<T>(Expression<Func<TRow, T>> column) =>
        Expression.Lambda<Func<TRow, object>>(Expression.Convert(column.Body, typeof(object)), column.Parameters);

    /// <summary><c>name=value</c>: rows whose column holds that value of the enumeration (by its JSON name).</summary>
    public static LedgerFilter<TRow> Is<T>(string name, Expression<Func<TRow, T>> column) where T : struct, Enum =>
        new(name, typeof(T), Boxed(column), (rows, query) => query.Enum<T>(name) is { } value ? rows.Where(Equal(column, value)) : rows);

    /// <summary><c>name=true|false</c>: rows whose yes-or-no column says so.</summary>
    public static LedgerFilter<TRow> Yes(string name, Expression<Func<TRow, bool>> column) =>
        new(name, typeof(bool), Boxed(column), (rows, query) => query.Bool(name) is { } value ? rows.Where(Equal(column, value)) : rows);

    /// <summary><c>name=true|false</c>: rows whose yes-or-no column (empty where not asked) says so.</summary>
    public static LedgerFilter<TRow> Yes(string name, Expression<Func<TRow, bool?>> column) =>
        new(name, typeof(bool), Boxed(column), (rows, query) => query.Bool(name) is { } value ? rows.Where(Equal(column, (bool?)value)) : rows);

    /// <summary><c>name=true|false</c>: rows whose column is filled in (true) or still empty (false).</summary>
    public static LedgerFilter<TRow> Has<T>(string name, Expression<Func<TRow, T>> column) =>
        new(name, typeof(bool), Boxed(column), (rows, query) => query.Bool(name) is { } value
            ? rows.Where(Expression.Lambda<Func<TRow, bool>>(
                value ? Expression.NotEqual(column.Body, Expression.Constant(null, column.Body.Type))
                      : Expression.Equal(column.Body, Expression.Constant(null, column.Body.Type)), column.Parameters))
            : rows);

    private static Expression<Func<TRow, bool>> Equal<T>(Expression<Func<TRow, T>> column, T value) =>
        Expression.Lambda<Func<TRow, bool>>(Expression.Equal(column.Body, Expression.Constant(value, typeof(T))), column.Parameters);
}
