using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using GasLedger.Domain.Parties;

namespace GasLedger.Api.Parties;

/// <summary>
/// The one function between a <see cref="Party"/> (the plain value the domain knows) and the <see cref="PartyRecord"/>
/// that is stored (R-ACC-4, R-INT-2): <see cref="Lock"/> and <see cref="Unlock"/>. Every write of a party — an
/// application, a transfer, the bulk import of a city — goes through <see cref="Lock"/>; every read through
/// <see cref="Unlock"/>.
/// <list type="bullet">
/// <item>Each party gets its own random 256-bit data key. The personal fields, as JSON, are sealed with AES-256-GCM
/// under it, a random 96-bit nonce each time, the party id as associated data (a ciphertext moved to another party's
/// record does not open).</item>
/// <item>The data key is wrapped with AES-256-GCM under the current master key, associated data the party id and the
/// key id; the record keeps the key id, so a master key can be rotated (re-wrap, then retire the old key).</item>
/// <item>Search: HMAC-SHA256 under a separate search key of the normalised phone, ID number and full name,
/// each with its own label, for exact match only.</item>
/// </list>
/// Erasing a party (<see cref="Erase"/>) destroys its wrapped key, its ciphertext and its hashes: nothing is left to
/// open, even with the master key.
/// </summary>
public sealed class PartyVault(PartyKeys keys)
{
    private const int NonceSize = 12, TagSize = 16;

    /// <summary>The personal fields, as sealed. The bank card's token is here too: events carry it beside the last four digits.</summary>
    private sealed record Secret(string Name, string? IdNumber, string? Phone, string? SmsNumber, BankCard? Bank, string? PropertyProof);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public PartyRecord Lock(Party party)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            var secret = JsonSerializer.SerializeToUtf8Bytes(
                new Secret(party.Name, party.IdNumber, party.Phone, party.SmsNumber, party.Bank, party.PropertyProof), Json);
            return new PartyRecord
            {
                Id = party.Id,
                AccountId = party.AccountId,
                Kind = party.Kind,
                RecordedAt = party.RecordedAt,
                KeyId = keys.CurrentId,
                WrappedKey = Seal(keys.Current, dataKey, KeyContext(party.Id, keys.CurrentId)),
                Sealed = Seal(dataKey, secret, party.Id.ToByteArray()),
                PhoneHash = SearchHash(SearchField.Phone, party.Phone),
                IdNumberHash = SearchHash(SearchField.IdNumber, party.IdNumber),
                NameHash = SearchHash(SearchField.Name, party.Name),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The party's plain value; null when it was erased. A record that was altered, or a wrong key, throws.</summary>
    public Party? Unlock(PartyRecord record)
    {
        if (record.Erased || record.WrappedKey is null || record.Sealed is null || record.KeyId is null) return null;
        var dataKey = Open(keys.Master(record.KeyId), record.WrappedKey, KeyContext(record.Id, record.KeyId));
        try
        {
            var secret = JsonSerializer.Deserialize<Secret>(Open(dataKey, record.Sealed, record.Id.ToByteArray()), Json)!;
            return new Party
            {
                Id = record.Id, Kind = record.Kind, AccountId = record.AccountId, RecordedAt = record.RecordedAt,
                Name = secret.Name, IdNumber = secret.IdNumber, Phone = secret.Phone, SmsNumber = secret.SmsNumber,
                Bank = secret.Bank, PropertyProof = secret.PropertyProof,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The record after erasure (crypto-shredding): no wrapped key, no ciphertext, no hashes; when and by whom.</summary>
    public static PartyRecord Erase(PartyRecord record, DateTimeOffset at, string by) => record with
    {
        KeyId = null, WrappedKey = null, Sealed = null,
        PhoneHash = null, IdNumberHash = null, NameHash = null,
        ErasedAt = at, ErasedBy = by,
    };

    /// <summary>Re-wraps a record's data key under the current master key (master key rotation); the ciphertext stays.</summary>
    public PartyRecord Rewrap(PartyRecord record)
    {
        if (record.Erased || record.WrappedKey is null || record.KeyId is null || record.KeyId == keys.CurrentId) return record;
        var dataKey = Open(keys.Master(record.KeyId), record.WrappedKey, KeyContext(record.Id, record.KeyId));
        try
        {
            return record with { KeyId = keys.CurrentId, WrappedKey = Seal(keys.Current, dataKey, KeyContext(record.Id, keys.CurrentId)) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public enum SearchField { Phone, IdNumber, Name }

    /// <summary>The keyed hash a search compares: HMAC-SHA256(search key, label ‖ normalised value), hex; null for no value.</summary>
    public string? SearchHash(SearchField field, string? value)
    {
        var normal = Normalise(field, value);
        if (string.IsNullOrEmpty(normal)) return null;
        var label = field switch { SearchField.Phone => "phone:", SearchField.IdNumber => "id:", _ => "name:" };
        return Convert.ToHexStringLower(HMACSHA256.HashData(keys.Search, Encoding.UTF8.GetBytes(label + normal)));
    }

    /// <summary>
    /// Phone: its digits, without a leading <c>86</c> country code on a mobile number. ID number: letters upper case,
    /// no blanks. Name: no blanks (R-APP-2). All in Unicode NFKC, so full-width digits match.
    /// </summary>
    public static string? Normalise(SearchField field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Normalize(NormalizationForm.FormKC);
        switch (field)
        {
            case SearchField.Phone:
                var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
                return digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal) ? digits[2..] : digits;
            case SearchField.IdNumber:
                return new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
            default:
                return new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLower(CultureInfo.InvariantCulture);
        }
    }

    private static byte[] KeyContext(Guid partyId, string keyId) => [.. partyId.ToByteArray(), .. Encoding.UTF8.GetBytes(keyId)];

    private static string Seal(byte[] key, byte[] plain, byte[] associated)
    {
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), associated);
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Opens what <see cref="Seal"/> made; a changed byte, another key or other associated data throws.</summary>
    private static byte[] Open(byte[] key, string base64, byte[] associated)
    {
        var sealedBytes = Convert.FromBase64String(base64);
        if (sealedBytes.Length < NonceSize + TagSize) throw new CryptographicException("The sealed value is too short.");
        var length = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length),
            plain, associated);
        return plain;
    }
}
