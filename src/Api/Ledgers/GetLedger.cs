using GasLedger.Projections.Ledgers;
using Marten;
using Microsoft.Net.Http.Headers;

namespace GasLedger.Api.Ledgers;

/// <summary>The eleven ledgers (台账) staff keep, by the name the route takes, each with its main date, staff column and filters.</summary>
public static class Ledgers
{
    public static readonly IReadOnlyDictionary<string, Ledger> ByName = new Ledger[]
    {
        new Ledger<ApplicationRow>("applications", "报装台账 — applications", r => r.AppliedAt, r => r.RecordedBy,
            q => q.OrderBy(r => r.AppliedAt).ThenBy(r => r.AccountId),
            // R-INT-2: the address to the building, in JSON and CSV.
            r => r with { Unit = GasLedger.Domain.Parties.Masking.BelowBuilding(r.Unit),
                Room = GasLedger.Domain.Parties.Masking.BelowBuilding(r.Room) },
            LedgerFilter<ApplicationRow>.Is("category", r => r.Category),
            LedgerFilter<ApplicationRow>.Is("channel", r => r.Channel),
            LedgerFilter<ApplicationRow>.Is("nature", r => r.Nature),
            LedgerFilter<ApplicationRow>.Has("paid", r => r.FeePaidAt)),
        new Ledger<InstallationRow>("installations", "安装台账 — installations", r => r.ScheduledAt, r => r.Installer,
            q => q.OrderBy(r => r.ScheduledAt).ThenBy(r => r.AccountId), null,
            LedgerFilter<InstallationRow>.Is("kind", r => r.Kind),
            LedgerFilter<InstallationRow>.Has("completed", r => r.CompletedAt)),
        new Ledger<IgnitionRow>("ignitions", "通气点火台账 — gas-on visits", r => r.VisitAt, r => r.Technician,
            q => q.OrderBy(r => r.VisitAt).ThenBy(r => r.EventId), null,
            LedgerFilter<IgnitionRow>.Is("outcome", r => r.Outcome)),
        new Ledger<InspectionRow>("inspections", "安检台账 — safety inspections", r => r.VisitedAt, r => r.Inspector,
            q => q.OrderBy(r => r.VisitedAt).ThenBy(r => r.InspectionId), null,
            LedgerFilter<InspectionRow>.Is("outcome", r => r.Outcome),
            LedgerFilter<InspectionRow>.Yes("requestedByHolder", r => r.RequestedByHolder)),
        new Ledger<HazardRow>("hazards", "隐患台账 — hazards and their rectification", r => r.FoundAt, r => r.FoundBy,
            q => q.OrderBy(r => r.FoundAt).ThenBy(r => r.HazardId), null,
            LedgerFilter<HazardRow>.Yes("open", r => r.Open),
            LedgerFilter<HazardRow>.Is("severity", r => r.Severity),
            LedgerFilter<HazardRow>.Is("code", r => r.Code)),
        new Ledger<TransferRow>("transfers", "过户台账 — transfers of ownership", r => r.TransferredAt, r => r.RecordedBy,
            q => q.OrderBy(r => r.TransferredAt).ThenBy(r => r.EventId), null,
            LedgerFilter<TransferRow>.Is("paymentMethod", r => r.PaymentMethod)),
        new Ledger<ComplaintRow>("complaints", "投诉台账 — complaints", r => r.FiledAt, r => r.ReceivedBy,
            q => q.OrderBy(r => r.FiledAt).ThenBy(r => r.ComplaintId), null,
            LedgerFilter<ComplaintRow>.Is("status", r => r.Status),
            LedgerFilter<ComplaintRow>.Is("category", r => r.Category),
            LedgerFilter<ComplaintRow>.Is("channel", r => r.Channel),
            LedgerFilter<ComplaintRow>.Yes("escalated", r => r.Escalated)),
        new Ledger<RepairRow>("repairs", "报修台账 — repairs and emergencies", r => r.ReportedAt, r => r.Technician,
            q => q.OrderBy(r => r.ReportedAt).ThenBy(r => r.RepairId), null,
            LedgerFilter<RepairRow>.Yes("emergency", r => r.Emergency),
            LedgerFilter<RepairRow>.Has("completed", r => r.CompletedAt)),
        new Ledger<CallbackRow>("callbacks", "回访台账 — callbacks", r => r.CalledAt, r => r.Staff,
            q => q.OrderBy(r => r.CalledAt).ThenBy(r => r.CallbackId), null,
            LedgerFilter<CallbackRow>.Is("kind", r => r.Kind),
            LedgerFilter<CallbackRow>.Yes("reached", r => r.Reached),
            LedgerFilter<CallbackRow>.Yes("irregularCharge", r => r.IrregularChargeReported)),
        new Ledger<ChargeRow>("charges", "收费台账 — charges at visits", r => r.ChargedAt, r => r.Staff,
            q => q.OrderBy(r => r.ChargedAt).ThenBy(r => r.ChargeId), null,
            LedgerFilter<ChargeRow>.Is("kind", r => r.Kind),
            LedgerFilter<ChargeRow>.Yes("invoiced", r => r.Invoiced)),
        new Ledger<CounterRow>("counter", "柜台业务台账 — counter transactions", r => r.HandledAt, r => r.RecordedBy,
            q => q.OrderBy(r => r.HandledAt).ThenBy(r => r.EventId), null,
            LedgerFilter<CounterRow>.Is("transaction", r => r.Transaction),
            LedgerFilter<CounterRow>.Yes("withinCommitment", r => r.WithinCommitment)),
    }.ToDictionary(l => l.Name);
}

/// <summary>台账 — reading a ledger.</summary>
public static class GetLedgerEndpoint
{
    /// <summary>台账 — one ledger page, as JSON or CSV.</summary>
    /// <remarks>
    /// A ledger's rows in the period (<c>from</c>, <c>to</c>: dates, inclusive, company time zone), sorted by the
    /// ledger's main date then id, paged; with <c>Accept: text/csv</c>, every matching row as a CSV download. Every
    /// ledger also takes <c>district</c>, <c>accountNumber</c> and <c>staff</c> (its staff column), and filters of its
    /// own; the document lists each of the ten as a path of its own with its rows and filters. An unknown ledger is a
    /// 404; a value that does not parse is a 400 naming the field.
    /// </remarks>
    [WolverineGet("/api/ledgers/{ledger}")]
    [ProducesResponseType<Paged<object>>(StatusCodes.Status200OK, "application/json", Ledger.CsvContentType)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Get(string ledger, [Takes(QueryText.Date)] string? from, [Takes(QueryText.Date)] string? to, string? district, string? accountNumber, string? staff,
        [Takes(QueryText.WholeNumber)] string? page, [Takes(QueryText.WholeNumber)] string? pageSize, HttpRequest request, IDocumentStore store, ServicePolicy policy, CancellationToken ct)
    {
        if (!Ledgers.ByName.TryGetValue(ledger, out var found))
            return Task.FromResult(Problems.NotFound($"No ledger '{ledger}'. The ledgers are: {string.Join(", ", Ledgers.ByName.Keys)}."));
        var query = LedgerQuery.Parse(from, to, district, accountNumber, staff, page, pageSize, request.Query, policy);
        return found.Answer(store, query, Csv.Wanted(request), ct);
    }
}
