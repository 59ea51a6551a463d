using Marten;

namespace GasLedger.Api.Classification;

public sealed record ClassifiedAccount(Guid AccountId, string Number, string District, CustomerCategory Category, ValueTier Tier,
    LifecycleStage Stage, ServiceLevel ServiceLevel, IReadOnlyList<RiskFlag> RiskFlags, decimal VolumeLast12Months);

public sealed record ClassCount(CustomerCategory Category, ValueTier Tier, LifecycleStage Stage, ServiceLevel ServiceLevel, int Count);

public sealed record ClassCounts(
    int Total,
    IReadOnlyDictionary<string, int> ByTier,
    IReadOnlyDictionary<string, int> ByStage,
    IReadOnlyDictionary<string, int> ByServiceLevel,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyList<ClassCount> ByClass);

public sealed record ClassificationAnswer(DateOnly AsOf, ClassCounts Counts, IReadOnlyList<ClassifiedAccount> Items, int Page, int PageSize,
    long Total);

/// <summary>分类分级 — classifying the accounts.</summary>
public static class GetClassificationEndpoint
{
    /// <summary>分类分级 — every account classified as of a date, with counts per class.</summary>
    /// <remarks>
    /// Every account that had applied by <c>asOf</c> (default today), classified as of that date (R-CLS-1..5), with
    /// counts per class of the accounts in the district and category asked for, and the accounts matching every filter,
    /// paged by account number. The accounts are streamed from the database one by one, unsorted, and only the page is
    /// kept: memory does not grow with their number.
    /// </remarks>
    [WolverineGet("/api/classification"), ProducesResponseType<ClassificationAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? asOf, string? district, [OneOf(typeof(CustomerCategory))] string? category, [OneOf(typeof(ValueTier))] string? tier,
        [OneOf(typeof(ServiceLevel))] string? serviceLevel,
        [OneOf(typeof(LifecycleStage))] string? stage, int? page, int? pageSize, IQuerySession session, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var date = ReadInput.Date(asOf, "asOf", errors) ?? policy.LocalDate(clock.GetUtcNow());
        var categoryFilter = ReadInput.Enum<CustomerCategory>(category, "category", errors);
        var tierFilter = ReadInput.Enum<ValueTier>(tier, "tier", errors);
        var levelFilter = ReadInput.Enum<ServiceLevel>(serviceLevel, "serviceLevel", errors);
        var stageFilter = ReadInput.Enum<LifecycleStage>(stage, "stage", errors);
        var (number, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var query = session.Query<Account>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(district)) query = query.Where(a => a.Address.District == district.Trim());
        if (categoryFilter is { } c) query = query.Where(a => a.Category == c);
        var appliedBy = new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue),
            policy.TimeZone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue)));
        query = query.Where(a => a.AppliedAt < appliedBy);

        var byClass = new Dictionary<(CustomerCategory, ValueTier, LifecycleStage, ServiceLevel), int>();
        var items = new TopPage<ClassifiedAccount>(number, size,
            Comparer<ClassifiedAccount>.Create((a, b) => string.CompareOrdinal(a.Number, b.Number)));
        long matching = 0;
        var total = 0;
        await foreach (var account in query.ToAsyncEnumerable(ct))
        {
            var k = Classifier.Classify(account, date, policy);
            total++;
            var key = (k.Category, k.Tier, k.Stage, k.ServiceLevel);
            byClass[key] = byClass.GetValueOrDefault(key) + 1;
            if (tierFilter is { } t && k.Tier != t || levelFilter is { } l && k.ServiceLevel != l || stageFilter is { } s && k.Stage != s)
                continue;
            matching++;
            items.Offer(new ClassifiedAccount(account.Id, account.Number, account.Address.District, k.Category, k.Tier, k.Stage,
                k.ServiceLevel, k.RiskFlags, k.VolumeLast12Months));
        }

        Dictionary<string, int> By<T>(Func<(CustomerCategory Category, ValueTier Tier, LifecycleStage Stage, ServiceLevel Level), T> pick)
            where T : notnull =>
            byClass.GroupBy(e => pick(e.Key)).OrderBy(g => g.Key).ToDictionary(g => Name(g.Key), g => g.Sum(e => e.Value));
        var counts = new ClassCounts(total, By(k => k.Tier), By(k => k.Stage), By(k => k.Level), By(k => k.Category),
            byClass.OrderBy(e => e.Key).Select(e => new ClassCount(e.Key.Item1, e.Key.Item2, e.Key.Item3, e.Key.Item4, e.Value)).ToArray());
        return Results.Ok(new ClassificationAnswer(date, counts, items.Rows(), number, size, matching));
    }

    private static string Name<T>(T value) where T : notnull =>
        value is ValueTier tier ? tier.ToString() : WireNames.Of(value.ToString()!);
}
