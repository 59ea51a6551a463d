using GasLedger.Domain.Accounts;
using GasLedger.Domain.Parties;

namespace GasLedger.City;

/// <summary>One event of a generated history, with the metadata the API would record with it.</summary>
public sealed record CityEvent(Guid Id, IAccountEvent Data, string RecordedBy, Guid? CausationId);

/// <summary>
/// One generated account (户): its stream id, account number, the party records (the holder, and the new holder of
/// each transfer, in order), its events in order.
/// </summary>
public sealed record CityAccount(int Index, Guid AccountId, string Number, IReadOnlyList<Party> Parties, IReadOnlyList<CityEvent> Events);
