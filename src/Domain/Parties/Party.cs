namespace GasLedger.Domain.Parties;

/// <summary>
/// 用户资料 — a party's personal data (R-ACC-4): the one place where names, national ID numbers, phone numbers,
/// SMS numbers, bank cards and property proofs are kept. Events refer to a party by its id, so the record can be
/// erased without rewriting any event ("forgettable payload").
/// </summary>
public sealed record Party
{
    public Guid Id { get; init; }
    public PartyKind Kind { get; init; }
    public string Name { get; init; } = "";
    public string? IdNumber { get; init; }
    public string? Phone { get; init; }
    public string? SmsNumber { get; init; }
    public BankCard? Bank { get; init; }
    public string? PropertyProof { get; init; }
    public Guid AccountId { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>A bank card as the party record keeps it; events know it only by <see cref="Token"/> and last four digits.</summary>
public sealed record BankCard(string Token, string CardNumber, string BankName, string CardHolder)
{
    public string Last4 => CardNumber[^4..];

    public BankMandate ToMandate() => new(Token, Last4, BankName);

    public static string NewToken() => "card_" + Guid.NewGuid().ToString("N")[..20];
}

/// <summary>What a party looks like to staff who have no need for the full values (R-INT-2).</summary>
public static class Masking
{
    /// <summary>张三 → 张*; 张三丰 → 张**. Counted in characters as a reader sees them (a rare 𠀎 is one, not two).</summary>
    public static string Name(string name)
    {
        var characters = new System.Globalization.StringInfo(name);
        return characters.LengthInTextElements <= 1
            ? name
            : characters.SubstringByTextElements(0, 1) + new string('*', characters.LengthInTextElements - 1);
    }

    /// <summary>110101199003071234 → 110101********1234.</summary>
    public static string? IdNumber(string? id) =>
        id is null ? null : id.Length <= 10 ? new string('*', id.Length) : id[..6] + new string('*', id.Length - 10) + id[^4..];

    /// <summary>13800138000 → 138****8000.</summary>
    public static string? Phone(string? phone) =>
        phone is null ? null
            : phone.Length <= 7 ? new string('*', phone.Length)
            : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];

    /// <summary>A card as <c>**** 1234</c>.</summary>
    public static string CardLast4(string last4) => "**** " + last4;

    /// <summary>A full card number as <c>**** 1234</c>.</summary>
    public static string? Card(string? cardNumber) =>
        cardNumber is null ? null : CardLast4(cardNumber.Length <= 4 ? cardNumber : cardNumber[^4..]);

    /// <summary>An address to the building: a unit or room given shows as <c>*</c>.</summary>
    public static GasLedger.Domain.Address Address(GasLedger.Domain.Address address) => address with
    {
        Unit = address.Unit is null ? null : "*",
        Room = address.Room is null ? null : "*",
    };

    /// <summary>A unit or room of an address, as <see cref="Address(GasLedger.Domain.Address)"/> shows it.</summary>
    public static string? BelowBuilding(string? part) => part is null ? null : "*";
}
