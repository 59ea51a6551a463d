namespace GasLedger.Domain;

/// <summary>R-APP-1: the supply point's address (district, community/estate, building, unit, room).</summary>
public sealed record Address(string District, string Community, string Building, string? Unit, string? Room);

/// <summary>
/// R-ACC-4: a bank direct-debit mandate as events carry it: a token standing for the card (the card number itself
/// lives only in the party record), its last four digits and the bank's name.
/// </summary>
public sealed record BankMandate(string CardToken, string CardLast4, string BankName);

/// <summary>A charge taken from the holder, and whether an invoice was issued (R-CB-4 checks this).</summary>
public sealed record Charge(decimal Amount, bool Invoiced);

/// <summary>R-IGN-3: corrugated hose (波纹软管) sold at ignition.</summary>
public sealed record HoseSale(decimal LengthMeters, decimal Price, bool Invoiced);
