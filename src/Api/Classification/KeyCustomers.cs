using System.ComponentModel.DataAnnotations;

namespace GasLedger.Api.Classification;

public sealed record DesignateKeyCustomer : AccountCommand
{
    /// <summary>The customer manager (客户经理) who designates it and manages it; default the staff member recording it.</summary>
    public string? CustomerManager { get; init; }

    [Required, FreeText] public string? Reason { get; init; }
}

public sealed record UndoKeyCustomer : AccountCommand
{
    [Required, FreeText] public string? Reason { get; init; }
}

public sealed record AssignCustomerManager : AccountCommand
{
    [Required] public string? CustomerManager { get; init; }
}

/// <summary>重点客户认定 — designating an account key (R-CLS-6).</summary>
public static class DesignateKeyCustomerEndpoint
{
    public static ProblemDetails Validate(DesignateKeyCustomer cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason")
        .When(cmd.Reason?.Length > 500, "reason", "may be at most 500 characters.")
        .When(cmd.CustomerManager?.Trim().Length > 40, "customerManager", "may be at most 40 characters."));

    /// <summary>重点客户认定 — designate the account a key customer, with the reason.</summary>
    /// <remarks>
    /// A customer manager designates the account key (R-CLS-6), with the reason, and manages it from then (default the
    /// staff member recording it): its service level is key from that day in the classification (R-CLS-4), and it is owed
    /// the quarter's key-customer callback (R-CB-1). 400 when <c>reason</c> is missing. 409 when the account is
    /// designated key already, or closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/key-customer"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, DesignateKeyCustomer cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => KeyCustomerDecisions.Designate(account, new KeyCustomerDesignated(
            string.IsNullOrWhiteSpace(cmd.CustomerManager) ? streams.StaffId : cmd.CustomerManager.Trim(), cmd.Reason!.Trim(), at)), ct: ct);
}

/// <summary>重点客户取消 — undoing a key designation (R-CLS-6).</summary>
public static class UndoKeyCustomerEndpoint
{
    public static ProblemDetails Validate(UndoKeyCustomer cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason")
        .When(cmd.Reason?.Length > 500, "reason", "may be at most 500 characters."));

    /// <summary>重点客户取消 — undo the account's designation as key, with the reason.</summary>
    /// <remarks>
    /// The designation undone (R-CLS-6): from that day the account is key only if its volume makes it so (R-CLS-4). 400
    /// when <c>reason</c> is missing. 409 when the account is not designated key, or is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/key-customer/undo"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, UndoKeyCustomer cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            KeyCustomerDecisions.Undesignate(account, new KeyCustomerUndesignated(cmd.Reason!.Trim(), at)), ct: ct);
}

/// <summary>客户经理 — assigning the account's customer manager (R-CLS-4/6).</summary>
public static class AssignCustomerManagerEndpoint
{
    public static ProblemDetails Validate(AssignCustomerManager cmd) => Problems.Check(new FieldErrors().Require(cmd.CustomerManager, "customerManager")
        .When(cmd.CustomerManager?.Trim().Length > 40, "customerManager", "may be at most 40 characters."));

    /// <summary>客户经理 — assign the account's customer manager.</summary>
    /// <remarks>
    /// The account's customer manager (客户经理) assigned or changed (R-CLS-4/6). 400 when <c>customerManager</c> is missing.
    /// 409 when it is the manager already, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/customer-manager"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, AssignCustomerManager cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            KeyCustomerDecisions.Assign(account, new CustomerManagerAssigned(cmd.CustomerManager!.Trim(), at)), ct: ct);
}
