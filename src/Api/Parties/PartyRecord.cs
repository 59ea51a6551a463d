using GasLedger.Domain.Parties;

namespace GasLedger.Api.Parties;

/// <summary>
/// 用户资料（加密）— a party as it is stored (R-ACC-4, R-INT-2): its personal fields (name, ID number, phone, SMS number,
/// bank card, property proof) only as <see cref="Sealed"/>, AES-256-GCM under the party's own data key; that key only
/// as <see cref="WrappedKey"/>, AES-256-GCM under the master key <see cref="KeyId"/>; and keyed hashes of the
/// normalised phone, ID number and name for exact-match search. <see cref="PartyVault"/> is the one way in and out.
/// Erasure (crypto-shredding) nulls the wrapped key, the ciphertext and the hashes and keeps who erased it and when.
/// </summary>
public sealed record PartyRecord
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public PartyKind Kind { get; init; }
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Which master key wrapped <see cref="WrappedKey"/> (rotation: older keys stay for unwrapping).</summary>
    public string? KeyId { get; init; }

    /// <summary>The party's data key, AES-256-GCM under the master key: base64 of nonce (12) ‖ ciphertext (32) ‖ tag (16).</summary>
    public string? WrappedKey { get; init; }

    /// <summary>
    /// The personal fields as JSON, AES-256-GCM under the data key, associated data the party id: base64 of nonce ‖
    /// ciphertext ‖ tag.
    /// </summary>
    public string? Sealed { get; init; }

    /// <summary>HMAC-SHA256 (search key) of the normalised phone: hex.</summary>
    public string? PhoneHash { get; init; }

    /// <summary>HMAC-SHA256 (search key) of the normalised national ID number: hex.</summary>
    public string? IdNumberHash { get; init; }

    /// <summary>HMAC-SHA256 (search key) of the normalised full name: hex.</summary>
    public string? NameHash { get; init; }

    public DateTimeOffset? ErasedAt { get; init; }
    public string? ErasedBy { get; init; }

    public bool Erased => ErasedAt is not null;
}
