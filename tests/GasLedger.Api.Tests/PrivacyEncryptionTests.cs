using System.Security.Cryptography;
using GasLedger.Api.Parties;
using GasLedger.Domain;
using GasLedger.Domain.Parties;

namespace GasLedger.Api.Tests;

/// <summary>R-ACC-4, R-INT-2: the one function between a party and its stored form, with no database.</summary>
public sealed class PrivacyEncryptionTests
{
    private static readonly byte[] Master = RandomNumberGenerator.GetBytes(32);
    private static readonly PartyVault Vault = new(new PartyKeys("k1", Master, PartyKeys.DeriveSearchKey(Master)));

    private static Party Person(string name = "张三", string id = "110101199003071234", string phone = "13800138000") => new()
    {
        Id = Guid.CreateVersion7(), AccountId = Guid.CreateVersion7(), Kind = PartyKind.Person, Name = name, IdNumber = id, Phone = phone,
        SmsNumber = "13700137000", Bank = new BankCard("card_0123456789abcdef0123", "6222020202020202020", "工商银行", name),
        PropertyProof = "浙(2026)杭州市不动产权第0012345号", RecordedAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)),
    };

    [Fact]
    public void R_ACC_4_a_party_locked_then_unlocked_is_the_same_party()
    {
        var party = Person();
        var record = Vault.Lock(party);

        Assert.Equal(party, Vault.Unlock(record));
        Assert.Equal("k1", record.KeyId);
        Assert.Equal(party.Id, record.Id);
        Assert.Equal(party.AccountId, record.AccountId);
    }

    [Fact]
    public void R_ACC_4_the_stored_record_holds_no_personal_value_in_clear()
    {
        var party = Person();
        var stored = System.Text.Json.JsonSerializer.Serialize(Vault.Lock(party));
        foreach (var secret in new[] { "张三", "110101199003071234", "13800138000", "13700137000", "6222020202020202020", "card_0123456789abcdef0123", "0012345" })
            Assert.DoesNotContain(secret, stored);
    }

    [Fact]
    public void R_ACC_4_each_lock_uses_a_new_data_key_and_nonce()
    {
        var party = Person();
        var first = Vault.Lock(party);
        var second = Vault.Lock(party);
        Assert.NotEqual(first.Sealed, second.Sealed);
        Assert.NotEqual(first.WrappedKey, second.WrappedKey);
        // The search hashes are deterministic: that is what makes exact search work.
        Assert.Equal(first.PhoneHash, second.PhoneHash);
    }

    [Fact]
    public void R_ACC_4_a_changed_ciphertext_does_not_open()
    {
        var record = Vault.Lock(Person());
        var bytes = Convert.FromBase64String(record.Sealed!);
        bytes[20] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => Vault.Unlock(record with { Sealed = Convert.ToBase64String(bytes) }));
    }

    [Fact]
    public void R_ACC_4_a_changed_wrapped_key_does_not_open()
    {
        var record = Vault.Lock(Person());
        var bytes = Convert.FromBase64String(record.WrappedKey!);
        bytes[^1] ^= 0x80;
        Assert.ThrowsAny<CryptographicException>(() => Vault.Unlock(record with { WrappedKey = Convert.ToBase64String(bytes) }));
    }

    [Fact]
    public void R_ACC_4_another_master_key_does_not_open()
    {
        var record = Vault.Lock(Person());
        var other = RandomNumberGenerator.GetBytes(32);
        var wrong = new PartyVault(new PartyKeys("k1", other, PartyKeys.DeriveSearchKey(other)));
        Assert.ThrowsAny<CryptographicException>(() => wrong.Unlock(record));
    }

    [Fact]
    public void R_ACC_4_a_ciphertext_moved_to_another_party_does_not_open()
    {
        var a = Vault.Lock(Person());
        var b = Vault.Lock(Person("李四"));
        // b's data key and a's ciphertext: the associated data (the party id) differs, and so does the key.
        Assert.ThrowsAny<CryptographicException>(() => Vault.Unlock(b with { Sealed = a.Sealed }));
        // a's own key, wrapped for a, under b's id: the wrapping is bound to the party id too.
        Assert.ThrowsAny<CryptographicException>(() => Vault.Unlock(a with { Id = b.Id }));
    }

    [Fact]
    public void R_ACC_4_an_erased_record_keeps_nothing_to_open()
    {
        var record = Vault.Lock(Person());
        var erased = PartyVault.Erase(record, DateTimeOffset.UnixEpoch, "S-1");
        Assert.Null(Vault.Unlock(erased));
        Assert.Null(erased.WrappedKey);
        Assert.Null(erased.Sealed);
        Assert.Null(erased.KeyId);
        Assert.Null(erased.PhoneHash);
        Assert.Null(erased.IdNumberHash);
        Assert.Null(erased.NameHash);
        Assert.True(erased.Erased);
        Assert.Equal("S-1", erased.ErasedBy);
    }

    [Fact]
    public void R_ACC_4_a_rotated_master_key_still_opens_old_records_and_rewraps_them()
    {
        var party = Person();
        var old = Vault.Lock(party);
        var next = RandomNumberGenerator.GetBytes(32);
        var rotated = new PartyVault(new PartyKeys("k2", next, PartyKeys.DeriveSearchKey(Master), new Dictionary<string, byte[]> { ["k1"] = Master }));

        Assert.Equal(party, rotated.Unlock(old));
        var rewrapped = rotated.Rewrap(old);
        Assert.Equal("k2", rewrapped.KeyId);
        Assert.Equal(old.Sealed, rewrapped.Sealed);
        var onlyNew = new PartyVault(new PartyKeys("k2", next, PartyKeys.DeriveSearchKey(Master)));
        Assert.Equal(party, onlyNew.Unlock(rewrapped));
        Assert.ThrowsAny<CryptographicException>(() => onlyNew.Unlock(old));
    }

    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData(" 138-0013-8000 ", "13800138000")]
    [InlineData("+86 138 0013 8000", "13800138000")]
    [InlineData("１３８００１３８０００", "13800138000")]
    public void R_INT_2_phone_search_hashes_the_normalised_number(string asTyped, string stored)
    {
        Assert.Equal(Vault.SearchHash(PartyVault.SearchField.Phone, stored), Vault.SearchHash(PartyVault.SearchField.Phone, asTyped));
    }

    [Fact]
    public void R_INT_2_search_hashes_are_keyed_and_labelled()
    {
        var other = RandomNumberGenerator.GetBytes(32);
        var otherVault = new PartyVault(new PartyKeys("k1", other, PartyKeys.DeriveSearchKey(other)));
        Assert.NotEqual(Vault.SearchHash(PartyVault.SearchField.Phone, "13800138000"), otherVault.SearchHash(PartyVault.SearchField.Phone, "13800138000"));
        Assert.NotEqual(Vault.SearchHash(PartyVault.SearchField.Phone, "13800138000"), Vault.SearchHash(PartyVault.SearchField.Name, "13800138000"));
        Assert.Equal(Vault.SearchHash(PartyVault.SearchField.IdNumber, "11010119900307123X"), Vault.SearchHash(PartyVault.SearchField.IdNumber, "11010119900307123x "));
        Assert.Equal(Vault.SearchHash(PartyVault.SearchField.Name, "张三"), Vault.SearchHash(PartyVault.SearchField.Name, " 张 三"));
        Assert.Null(Vault.SearchHash(PartyVault.SearchField.Phone, "  "));
    }
}
