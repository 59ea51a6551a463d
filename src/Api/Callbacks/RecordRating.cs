using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Callbacks;

namespace GasLedger.Api.Callbacks;

public sealed record RecordRating : AccountCommand
{
    [Required] public RatingSource? Source { get; init; }
    [Required] public string? Staff { get; init; }
    [Required] public ServiceStage? Stage { get; init; }
    public SatisfactionLevel? Attitude { get; init; }
    public SatisfactionLevel? Skill { get; init; }
    public SatisfactionLevel? ArrivalTime { get; init; }
    public SatisfactionLevel? PromiseKeeping { get; init; }
    public SatisfactionLevel? Satisfaction { get; init; }
}

public sealed record RatingAnswer(Guid AccountId, long Version, Guid RatingId) : CommandAnswer(AccountId, Version);

/// <summary>满意度评价 — recording a rating.</summary>
public static class RecordRatingEndpoint
{
    public static ProblemDetails Validate(RecordRating cmd)
    {
        var errors = new FieldErrors().Require(cmd.Source, "source").Require(cmd.Staff, "staff").Require(cmd.Stage, "stage");
        if (cmd.Source == RatingSource.Technician)
            errors.Require(cmd.Attitude, "attitude").Require(cmd.Skill, "skill").Require(cmd.ArrivalTime, "arrivalTime")
                .Require(cmd.PromiseKeeping, "promiseKeeping")
                .When(cmd.Satisfaction is not null, "satisfaction",
                    "is for counter keypad evaluations; a technician rating has the four items (R-SAT-2).");
        if (cmd.Source is RatingSource.CounterKeypad or RatingSource.MysteryCustomer or RatingSource.Survey)
            errors.Require(cmd.Satisfaction, "satisfaction")
                .When(cmd.Attitude is not null || cmd.Skill is not null || cmd.ArrivalTime is not null || cmd.PromiseKeeping is not null,
                    "source", "a keypad evaluation, a mystery-customer visit or a survey answer has one satisfaction level, not the four technician items.");
        return Problems.Check(errors);
    }

    /// <summary>满意度评价 — record a technician rating, a keypad evaluation, a mystery-customer visit or a survey answer.</summary>
    /// <remarks>
    /// A technician rating on the four items of R-SAT-2 (attitude, skill, arrival time, promise keeping), or one
    /// satisfaction level from the counter keypad (R-SAT-1), a mystery-customer visit or a periodic survey (R-SAT-5), each a
    /// source of the satisfaction index with its own weight, counted apart. 400 when <c>source</c>, <c>staff</c> or <c>stage</c> is
    /// missing, a technician rating lacks one of the four items or carries <c>satisfaction</c>, or a keypad evaluation
    /// lacks <c>satisfaction</c> or carries the technician items. 409 when the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/ratings"), ProducesResponseType<RatingAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, RecordRating cmd, AccountStreams streams, CancellationToken ct)
    {
        var ratingId = Guid.CreateVersion7();
        return streams.Decide(accountId, cmd, (account, at) => CallbackDecisions.Rate(account,
                new RatingGiven(ratingId, cmd.Source!.Value, cmd.Staff!.Trim(), cmd.Stage!.Value, cmd.Attitude, cmd.Skill, cmd.ArrivalTime,
                    cmd.PromiseKeeping, cmd.Satisfaction, at)),
            version => new RatingAnswer(accountId, version, ratingId), StatusCodes.Status201Created, ct);
    }
}
