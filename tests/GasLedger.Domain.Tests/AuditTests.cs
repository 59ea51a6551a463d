using GasLedger.Domain.Audit;

namespace GasLedger.Domain.Tests;

/// <summary>The seal function: pure, and sensitive to every field it covers.</summary>
public sealed class AuditTests
{
    private static readonly SealedEvent Event = new(
        42, Guid.Parse("0198a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), 3, "hazard_found", "2026-10-10T14:00:00+08:00",
        "2026-10-10T06:00:01.123456Z", """{"occurredAt": "2026-10-10T14:00:00+08:00", "severity": "severe"}""", "T-technician",
        "corr-1", null);

    [Fact]
    public void The_same_event_after_the_same_seal_always_gives_the_same_seal()
    {
        var a = Seal.Next(Seal.Genesis, Event);
        var b = Seal.Next(Seal.Genesis, Event with { });
        Assert.Equal(Seal.Hex(a), Seal.Hex(b));
        Assert.Equal(32, a.Length);
        Assert.Equal(Seal.Next(Seal.Genesis, Seal.Digest(Event)), a);
    }

    public static TheoryData<string, SealedEvent> Changes => new()
    {
        { "sequence", Event with { Sequence = 43 } },
        { "stream", Event with { StreamId = Guid.Parse("0198a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c") } },
        { "version", Event with { Version = 4 } },
        { "type", Event with { Type = "hazard_founD" } },
        { "business time", Event with { OccurredAt = "2026-10-10T14:00:01+08:00" } },
        { "recorded time", Event with { Timestamp = "2026-10-10T06:00:01.123457Z" } },
        { "one byte of the data", Event with { Data = Event.Data.Replace("severe", "severf") } },
        { "who recorded it", Event with { UserName = "T-agent" } },
        { "correlation", Event with { CorrelationId = "corr-2" } },
        { "causation", Event with { CausationId = "cause" } },
        { "an empty value for a missing one", Event with { CausationId = "" } },
    };

    [Theory, MemberData(nameof(Changes))]
    public void Any_change_to_a_sealed_field_changes_the_seal(string what, SealedEvent changed) =>
        Assert.NotEqual(Seal.Hex(Seal.Next(Seal.Genesis, Event)), Seal.Hex(Seal.Next(Seal.Genesis, changed)));

    [Fact]
    public void Fields_are_length_prefixed_so_moving_bytes_between_them_changes_the_seal()
    {
        var one = Event with { Type = "ab", OccurredAt = "c" };
        var other = Event with { Type = "a", OccurredAt = "bc" };
        Assert.NotEqual(Seal.Digest(one), Seal.Digest(other));
    }

    [Fact]
    public void Each_seal_depends_on_the_one_before()
    {
        var first = Seal.Next(Seal.Genesis, Event);
        var second = Seal.Next(first, Event with { Sequence = 43 });
        var secondAfterOther = Seal.Next(Seal.Next(Seal.Genesis, Event with { UserName = "x" }), Event with { Sequence = 43 });
        Assert.NotEqual(second, secondAfterOther);
    }

    [Fact]
    public void The_recorded_time_is_written_in_utc_to_the_microsecond()
    {
        var at = new DateTimeOffset(2026, 10, 10, 14, 0, 1, TimeSpan.FromHours(8)).AddTicks(1_234_560);
        Assert.Equal("2026-10-10T06:00:01.123456Z", Seal.Instant(at));
    }

    [Fact]
    public void The_canonical_form_starts_with_the_tag_length_prefixed()
    {
        var bytes = Seal.Canonical(Event);
        Assert.Equal(new byte[] { 0, 0, 0, (byte)Seal.Tag.Length }, bytes[..4]);
        Assert.Equal(Seal.Tag, System.Text.Encoding.UTF8.GetString(bytes, 4, Seal.Tag.Length));
    }
}
