using GasLedger.Api.Security;
using Marten;
using Npgsql;

namespace GasLedger.Api.Audit;

/// <summary>审计 — verifying the event log and the projections.</summary>
public static class VerifyAuditEndpoint
{
    /// <summary>审计 — check every seal, and replay every projection against the stored one.</summary>
    /// <remarks>
    /// Re-reads every event and checks every seal (naming the first broken sequence), then replays every projection
    /// from zero into a scratch schema and compares it with the stored one (naming each mismatching projection and
    /// document).
    /// </remarks>
    [WolverinePost("/api/audit/verify"), ProducesResponseType<VerifyAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(IDocumentStore store, NpgsqlDataSource db, IConfiguration config, ServicePolicy policy,
        Calendar.Calendars calendars, CancellationToken ct) =>
        Results.Ok(await Verification.Run(store, db, config, policy, calendars, daemonRunning: true, progress: null, ct));
}
