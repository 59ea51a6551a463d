using GasLedger.Projections.Ledgers;
using Marten;
using Microsoft.Net.Http.Headers;

namespace GasLedger.Api.Ledgers;

/// <summary>
/// The ten ledgers (台账) staff keep, by the name the route takes, each with its main date (which the period filters
/// and the rows are sorted by), its staff column (<c>staff=</c>) and its own filters:
/// <list type="bullet">
/// <item><c>applications</c> — applied at; recorded by; <c>category</c>, <c>channel</c>, <c>nature</c>, <c>paid</c>.</item>
/// <item><c>installations</c> — scheduled at; installer; <c>kind</c>, <c>completed</c>.</item>
/// <item><c>ignitions</c> — visit at; technician; <c>outcome</c> (completed, refused).</item>
/// <item><c>inspections</c> — visited at; inspector; <c>outcome</c>, <c>requestedByHolder</c>.</item>
/// <item><c>hazards</c> — found at; found by; <c>open</c>, <c>severity</c>, <c>code</c>.</item>
/// <item><c>transfers</c> — transferred at; recorded by; <c>paymentMethod</c>.</item>
/// <item><c>complaints</c> — filed at; received by; <c>status</c>, <c>category</c>, <c>channel</c>, <c>escalated</c>.</item>
/// <item><c>repairs</c> — reported at; technician; <c>emergency</c>, <c>completed</c>.</item>
/// <item><c>callbacks</c> — called at; staff; <c>kind</c>, <c>reached</c>, <c>irregularCharge</c>.</item>
/// <item><c>charges</c> — charged at; staff; <c>kind</c>, <c>invoiced</c>.</item>
/// </list>
/// </summary>
public static class Ledgers
{
    public static readonly IReadOnlyDictionary<string, Ledger> ByName = new Ledger[]
    {
        new Ledger<ApplicationRow>("applications", r => r.AppliedAt, r => r.RecordedBy,
            q => q.OrderBy(r => r.AppliedAt).ThenBy(r => r.AccountId),
            (q, f) =>
            {
                if (f.Enum<CustomerCategory>("category") is { } category) q = q.Where(r => r.Category == category);
                if (f.Enum<ApplicationChannel>("channel") is { } channel) q = q.Where(r => r.Channel == channel);
                if (f.Enum<ApplicationNature>("nature") is { } nature) q = q.Where(r => r.Nature == nature);
                if (f.Bool("paid") is { } paid) q = paid ? q.Where(r => r.FeePaidAt != null) : q.Where(r => r.FeePaidAt == null);
                return q;
            },
            // R-INT-2: the address to the building, in JSON and CSV.
            r => r with { Unit = GasLedger.Domain.Parties.Masking.BelowBuilding(r.Unit),
                Room = GasLedger.Domain.Parties.Masking.BelowBuilding(r.Room) }),
        new Ledger<InstallationRow>("installations", r => r.ScheduledAt, r => r.Installer,
            q => q.OrderBy(r => r.ScheduledAt).ThenBy(r => r.AccountId),
            (q, f) =>
            {
                if (f.Enum<InstallationKind>("kind") is { } kind) q = q.Where(r => r.Kind == kind);
                if (f.Bool("completed") is { } completed)
                    q = completed ? q.Where(r => r.CompletedAt != null) : q.Where(r => r.CompletedAt == null);
                return q;
            }),
        new Ledger<IgnitionRow>("ignitions", r => r.VisitAt, r => r.Technician,
            q => q.OrderBy(r => r.VisitAt).ThenBy(r => r.EventId),
            (q, f) => f.Enum<IgnitionOutcome>("outcome") is { } outcome ? q.Where(r => r.Outcome == outcome) : q),
        new Ledger<InspectionRow>("inspections", r => r.VisitedAt, r => r.Inspector,
            q => q.OrderBy(r => r.VisitedAt).ThenBy(r => r.InspectionId),
            (q, f) =>
            {
                if (f.Enum<InspectionOutcome>("outcome") is { } outcome) q = q.Where(r => r.Outcome == outcome);
                if (f.Bool("requestedByHolder") is { } requested) q = q.Where(r => r.RequestedByHolder == requested);
                return q;
            }),
        new Ledger<HazardRow>("hazards", r => r.FoundAt, r => r.FoundBy,
            q => q.OrderBy(r => r.FoundAt).ThenBy(r => r.HazardId),
            (q, f) =>
            {
                if (f.Bool("open") is { } open) q = q.Where(r => r.Open == open);
                if (f.Enum<HazardSeverity>("severity") is { } severity) q = q.Where(r => r.Severity == severity);
                if (f.Enum<HazardCode>("code") is { } code) q = q.Where(r => r.Code == code);
                return q;
            }),
        new Ledger<TransferRow>("transfers", r => r.TransferredAt, r => r.RecordedBy,
            q => q.OrderBy(r => r.TransferredAt).ThenBy(r => r.EventId),
            (q, f) => f.Enum<PaymentMethod>("paymentMethod") is { } method ? q.Where(r => r.PaymentMethod == method) : q),
        new Ledger<ComplaintRow>("complaints", r => r.FiledAt, r => r.ReceivedBy,
            q => q.OrderBy(r => r.FiledAt).ThenBy(r => r.ComplaintId),
            (q, f) =>
            {
                if (f.Enum<ComplaintStatus>("status") is { } status) q = q.Where(r => r.Status == status);
                if (f.Enum<ComplaintCategory>("category") is { } category) q = q.Where(r => r.Category == category);
                if (f.Enum<ComplaintChannel>("channel") is { } channel) q = q.Where(r => r.Channel == channel);
                if (f.Bool("escalated") is { } escalated) q = q.Where(r => r.Escalated == escalated);
                return q;
            }),
        new Ledger<RepairRow>("repairs", r => r.ReportedAt, r => r.Technician,
            q => q.OrderBy(r => r.ReportedAt).ThenBy(r => r.RepairId),
            (q, f) =>
            {
                if (f.Bool("emergency") is { } emergency) q = q.Where(r => r.Emergency == emergency);
                if (f.Bool("completed") is { } completed)
                    q = completed ? q.Where(r => r.CompletedAt != null) : q.Where(r => r.CompletedAt == null);
                return q;
            }),
        new Ledger<CallbackRow>("callbacks", r => r.CalledAt, r => r.Staff,
            q => q.OrderBy(r => r.CalledAt).ThenBy(r => r.CallbackId),
            (q, f) =>
            {
                if (f.Enum<CallbackKind>("kind") is { } kind) q = q.Where(r => r.Kind == kind);
                if (f.Bool("reached") is { } reached) q = q.Where(r => r.Reached == reached);
                if (f.Bool("irregularCharge") is { } irregular) q = q.Where(r => r.IrregularChargeReported == irregular);
                return q;
            }),
        new Ledger<ChargeRow>("charges", r => r.ChargedAt, r => r.Staff,
            q => q.OrderBy(r => r.ChargedAt).ThenBy(r => r.ChargeId),
            (q, f) =>
            {
                if (f.Enum<ChargeKind>("kind") is { } kind) q = q.Where(r => r.Kind == kind);
                if (f.Bool("invoiced") is { } invoiced) q = q.Where(r => r.Invoiced == invoiced);
                return q;
            }),
    }.ToDictionary(l => l.Name);
}

/// <summary>
/// <c>GET /api/ledgers/{ledger}?from=&amp;to=&amp;district=&amp;accountNumber=&amp;staff=&amp;page=&amp;pageSize=&amp;…</c>: a
/// ledger's rows in the period (dates, inclusive, company time zone), sorted by the main date then id, paged; with
/// <c>Accept: text/csv</c>, every matching row as a CSV download. The ledgers and their own filters are in
/// <see cref="Ledgers"/>. An unknown ledger is a 404; a value that does not parse is a 400 naming the field. Every
/// staff role may read.
/// </summary>
public static class GetLedgerEndpoint
{
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
        return found.Answer(store, query, WantsCsv(request), ct);
    }

    /// <summary>CSV when the client's <c>Accept</c> ranks <c>text/csv</c> before JSON.</summary>
    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept
            .Where(a => a.Quality is not 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .Select(a => a.MediaType.Value)
            .FirstOrDefault(t => string.Equals(t, Ledger.CsvContentType, StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, "application/json", StringComparison.OrdinalIgnoreCase)) is { } chosen
        && string.Equals(chosen, Ledger.CsvContentType, StringComparison.OrdinalIgnoreCase);
}
