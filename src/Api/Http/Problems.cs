namespace GasLedger.Api.Http;

/// <summary>Problem details (RFC 9457) for refusals.</summary>
public static class Problems
{
    public static IResult Refused(Decision decision) => decision switch
    {
        Decision.Invalid invalid => Invalid(invalid.Errors),
        Decision.Conflict conflict => Conflict(conflict.Detail),
        Decision.Missing missing => NotFound(missing.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        Results.Problem(Validation(errors));

    public static ValidationProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
            Detail = "Nothing was written. " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        };

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The command does not fit the account's state.", detail: detail);

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: detail);

    /// <summary>A Wolverine <c>Validate</c> answer: no problems, or 400 with the field errors.</summary>
    public static ProblemDetails Check(FieldErrors errors) =>
        errors.Any ? Validation(errors.ToDictionary()) : Wolverine.Http.WolverineContinue.NoProblems;
}
