using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GasLedger.Domain.Audit;

/// <summary>
/// One event exactly as the event log stores it (a row of <c>mt_events</c>), in plain values: what a seal covers.
/// <see cref="OccurredAt"/> is the business time as the data holds it (<c>data-&gt;&gt;'occurredAt'</c>),
/// <see cref="Timestamp"/> the recorded time written by <see cref="Seal.Instant"/>, <see cref="Data"/> the data's JSON
/// text exactly as PostgreSQL prints the stored <c>jsonb</c> (that text is canonical: PostgreSQL orders the keys and the
/// spacing itself).
/// </summary>
public sealed record SealedEvent(
    long Sequence, Guid StreamId, long Version, string Type, string? OccurredAt, string Timestamp, string Data,
    string? UserName, string? CorrelationId, string? CausationId);

/// <summary>
/// 封存 — the hash chain over the event log. Events are sealed one after another in global sequence order:
/// <code>
///   digest(e)  = SHA-256(canonical(e))
///   seal(e)    = SHA-256(seal(previous event) ‖ digest(e))       (32 + 32 bytes in; the first event's previous seal is 32 zero bytes)
/// </code>
/// The seal covers the event's digest rather than its bytes so that an export of one account can carry, for every
/// other account's event, only its digest: the chain still runs unbroken to the published checkpoint without showing
/// anything of the other accounts.
/// <para>
/// <c>canonical(e)</c> is the concatenation of these fields, each as a 4-byte big-endian length then that many bytes
/// of UTF-8 (a missing value is the length <c>0xFFFFFFFF</c> and no bytes):
/// the tag <c>gasledger-seal-v1</c>; sequence (decimal); stream id (lower-case hex with hyphens); version (decimal);
/// event type (as stored, e.g. <c>hazard_found</c>); business time (the data's <c>occurredAt</c> text); recorded time
/// (<c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, UTC, microseconds as PostgreSQL keeps them); data (the JSON text); who
/// recorded it (user name); correlation id; causation id.
/// </para>
/// Pure: the sealing subscription, <c>audit verify</c> and the offline <c>audit check-export</c> all compute it here.
/// </summary>
public static class Seal
{
    public const string Tag = "gasledger-seal-v1";

    /// <summary>The previous seal of the first event: 32 zero bytes.</summary>
    public static readonly byte[] Genesis = new byte[32];

    public static byte[] Canonical(SealedEvent e)
    {
        using var bytes = new MemoryStream();
        void Field(string? value)
        {
            Span<byte> length = stackalloc byte[4];
            if (value is null)
            {
                BinaryPrimitives.WriteUInt32BigEndian(length, uint.MaxValue);
                bytes.Write(length);
                return;
            }
            var utf8 = Encoding.UTF8.GetBytes(value);
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)utf8.Length);
            bytes.Write(length);
            bytes.Write(utf8);
        }
        Field(Tag);
        Field(e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(e.StreamId.ToString("D"));
        Field(e.Version.ToString(CultureInfo.InvariantCulture));
        Field(e.Type);
        Field(e.OccurredAt);
        Field(e.Timestamp);
        Field(e.Data);
        Field(e.UserName);
        Field(e.CorrelationId);
        Field(e.CausationId);
        return bytes.ToArray();
    }

    public static byte[] Digest(SealedEvent e) => SHA256.HashData(Canonical(e));

    /// <summary>The seal of an event given its digest and the previous event's seal.</summary>
    public static byte[] Next(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> digest)
    {
        if (previous.Length != 32 || digest.Length != 32) throw new ArgumentException("Seals and digests are 32 bytes.");
        Span<byte> input = stackalloc byte[64];
        previous.CopyTo(input);
        digest.CopyTo(input[32..]);
        return SHA256.HashData(input);
    }

    public static byte[] Next(ReadOnlySpan<byte> previous, SealedEvent e) => Next(previous, Digest(e));

    /// <summary>The recorded time as a seal writes it: UTC, microseconds.</summary>
    public static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static bool TryParseHex(string? hex, out byte[] bytes)
    {
        bytes = [];
        if (hex is not { Length: 64 }) return false;
        try { bytes = Convert.FromHexString(hex); return true; }
        catch (FormatException) { return false; }
    }
}
