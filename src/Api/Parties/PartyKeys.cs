using System.Security.Cryptography;
using System.Text.Json;

namespace GasLedger.Api.Parties;

/// <summary>
/// The <c>GasLedger</c> configuration of party encryption: <c>MasterKey</c> (base64, 32 bytes) with its id
/// <c>MasterKeyId</c> wraps every new data key; <c>RetiredMasterKeys</c> (id → base64 key) only unwrap the data keys
/// still under them; <c>SearchKey</c> (base64, 32 bytes) keys the search hashes, derived from the master key when not set.
/// </summary>
public sealed class PartyKeyOptions
{
    public string? MasterKey { get; set; }
    public string MasterKeyId { get; set; } = "k1";
    public Dictionary<string, string> RetiredMasterKeys { get; set; } = [];
    public string? SearchKey { get; set; }
}

/// <summary>The keys in hand: the current master key and its id, the retired ones by id, the search key.</summary>
public sealed class PartyKeys
{
    public PartyKeys(string currentId, byte[] current, byte[] search, IReadOnlyDictionary<string, byte[]>? retired = null)
    {
        if (current.Length != 32) throw new ArgumentException("The master key must be 32 bytes (AES-256).", nameof(current));
        if (search.Length != 32) throw new ArgumentException("The search key must be 32 bytes.", nameof(search));
        CurrentId = currentId;
        Current = current;
        Search = search;
        var all = new Dictionary<string, byte[]>(retired ?? new Dictionary<string, byte[]>()) { [currentId] = current };
        _byId = all;
    }

    private readonly Dictionary<string, byte[]> _byId;

    public string CurrentId { get; }
    public byte[] Current { get; }
    public byte[] Search { get; }

    public byte[] Master(string keyId) => _byId.TryGetValue(keyId, out var key) ? key
        : throw new CryptographicException($"No master key '{keyId}' is configured (GasLedger:MasterKey / GasLedger:RetiredMasterKeys).");

    /// <summary>The search key when none is configured: HKDF-SHA256 of the master key, so that one secret is enough.</summary>
    public static byte[] DeriveSearchKey(byte[] master) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "gasledger party search v1"u8.ToArray());

    public static PartyKeys From(PartyKeyOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.MasterKey))
            throw new InvalidOperationException(
                "No master key for party records: set GasLedger:MasterKey (base64 of 32 random bytes), " +
                "or GasLedger:DevKeysDirectory for a development key.");
        var master = Decode(o.MasterKey, "GasLedger:MasterKey");
        var search = string.IsNullOrWhiteSpace(o.SearchKey) ? DeriveSearchKey(master) : Decode(o.SearchKey, "GasLedger:SearchKey");
        var retired = o.RetiredMasterKeys.ToDictionary(k => k.Key, k => Decode(k.Value, $"GasLedger:RetiredMasterKeys:{k.Key}"));
        return new PartyKeys(o.MasterKeyId, master, search, retired);
    }

    private static byte[] Decode(string base64, string setting)
    {
        byte[] key;
        try { key = Convert.FromBase64String(base64.Trim()); }
        catch (FormatException) { throw new InvalidOperationException($"{setting} is not base64."); }
        return key.Length == 32 ? key
            : throw new InvalidOperationException($"{setting} must be 32 bytes (base64 of 32 bytes), not {key.Length}.");
    }
}

/// <summary>
/// The development master key of the embedded default: on first start a random 32-byte key in
/// <c>master-key.json</c> (mode 600) beside the dev API keys, a configuration file the host loads.
/// </summary>
public static class DevMasterKey
{
    public const string ConfigFile = "master-key.json";

    public static string Ensure(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ConfigFile);
        if (File.Exists(path)) return path;
        var content = JsonSerializer.Serialize(new
        {
            GasLedger = new { MasterKeyId = "dev-" + DateTime.UtcNow.ToString("yyyyMMdd"),
                MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        }, new JsonSerializerOptions { WriteIndented = true });
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
            file.Write(content);
        return path;
    }
}
