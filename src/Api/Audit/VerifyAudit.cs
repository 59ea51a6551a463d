using GasLedger.Api.Security;
using Marten;
using Npgsql;

namespace GasLedger.Api.Audit;

/// <summary>
/// <c>POST /api/audit/verify</c>: re-reads every event and checks every seal (naming the first broken sequence), then
/// replays every projection from zero into a scratch schema and compares it with the stored one (naming each
/// mismatching projection and document). Auditors and administrators.
/// </summary>
public static class VerifyAuditEndpoint
{
    [WolverinePost("/api/audit/verify"), ProducesResponseType<VerifyAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(IDocumentStore store, NpgsqlDataSource db, IConfiguration config, ServicePolicy policy,
        Calendar.Calendars calendars, CancellationToken ct) =>
        Results.Ok(await Verification.Run(store, db, config, policy, calendars, daemonRunning: true, progress: null, ct));
}
