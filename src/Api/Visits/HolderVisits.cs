using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Calendar;
using GasLedger.Api.Ignition;
using GasLedger.Domain.Visits;

namespace GasLedger.Api.Visits;

public sealed record RequestVisit : AccountCommand
{
    [Required] public VisitKind? Kind { get; init; }

    /// <summary>A later date the holder asks for (R-TL-2: the time limit then runs to it).</summary>
    public DateOnly? PreferredDate { get; init; }

    [FreeText] public string? Note { get; init; }
}

public sealed record CompleteVisit : AccountCommand
{
    /// <summary>The technician; default the staff member recording it.</summary>
    public string? Technician { get; init; }

    /// <summary>The hose fitted and sold at a hose replacement.</summary>
    public HoseBody? Hose { get; init; }
}

public sealed record VisitAnswer(Guid AccountId, long Version, Guid VisitId) : CommandAnswer(AccountId, Version);

/// <summary>启封 / 停气 / 更换波纹管 — the visits a holder asks for (R-TL-1).</summary>
public static class RequestVisitEndpoint
{
    public static ProblemDetails Validate(RequestVisit cmd) => Problems.Check(new FieldErrors().Require(cmd.Kind, "kind")
        .When(cmd.Note?.Length > 500, "note", "may be at most 500 characters."));

    /// <summary>上门服务 — ask for a visit: unseal the meter, stop supply, replace the hose.</summary>
    /// <remarks>
    /// A visit the holder asks for (R-TL-1): unsealing a suspended meter, stopping an active account's supply, replacing
    /// the corrugated hose — each done within 3 working days counted from the day after the request, or on the later
    /// <c>preferredDate</c> the holder asks for. 201 with the visit's id and the time limit it started. 400 when <c>kind</c>
    /// is missing or the preferred date is before the request. 409 when the account's state does not fit the kind, or a
    /// visit of that kind is open already.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/visits"), ProducesResponseType<VisitAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, RequestVisit cmd, AccountStreams streams, CancellationToken ct)
    {
        var visitId = Guid.CreateVersion7();
        return streams.Decide(accountId, cmd, (account, at) => VisitDecisions.Request(account,
                new VisitRequested(visitId, cmd.Kind!.Value, cmd.PreferredDate, string.IsNullOrWhiteSpace(cmd.Note) ? null : cmd.Note.Trim(),
                    streams.StaffId, at), streams.Policy),
            version => new VisitAnswer(accountId, version, visitId), StatusCodes.Status201Created, ct);
    }
}

/// <summary>上门服务 — a visit made.</summary>
public static class CompleteVisitEndpoint
{
    public static ProblemDetails Validate(CompleteVisit cmd, ServicePolicy policy)
    {
        var errors = new FieldErrors().When(cmd.Technician?.Trim().Length > 40, "technician", "may be at most 40 characters.");
        return Problems.Check(HoseBody.Check(cmd.Hose, errors, policy));
    }

    /// <summary>上门服务 — record a visit made.</summary>
    /// <remarks>
    /// The visit made, within the day's visiting hours (R-CAL-5: 08:00–18:00 on working days, 09:00–17:00 on others):
    /// stopping supply suspends it at the holder's request, unsealing resumes it (R-SUP-2); a hose replacement records
    /// the hose sold (length, price, invoiced), which the charges ledger and the callback see. 400 when the visit's time is
    /// outside the visiting hours or a hose is given for another kind or lacks a field. 404 for no such visit. 409 when
    /// it was made already.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/visits/{visitId}/complete"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid visitId, CompleteVisit cmd, AccountStreams streams, Calendars calendars,
        CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => VisitDecisions.Complete(account, new VisitDone(visitId, default,
            string.IsNullOrWhiteSpace(cmd.Technician) ? streams.StaffId : cmd.Technician.Trim(),
            cmd.Hose is { } h ? new HoseSale(h.LengthMeters!.Value, h.Price!.Value, h.Invoiced!.Value) : null, at),
            calendars.Current, streams.Policy), ct: ct);
}
