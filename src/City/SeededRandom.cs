namespace GasLedger.City;

/// <summary>
/// The randomness of one account: xoshiro256** seeded from (seed, account index) through SplitMix64, so the same
/// options give the same city in every process and on every machine (no <c>HashCode</c>, which is randomised per
/// process). Not <see cref="System.Random"/>(int): its 2^31 seeds would repeat whole accounts (names, Guids and all)
/// about 230 times in a city of a million accounts; a 64-bit seed mixed bijectively from the index cannot repeat.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(int seed, int index)
    {
        var x = Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ (ulong)(uint)index;
        _s0 = Mix(x += 0x9E3779B97F4A7C15UL);
        _s1 = Mix(x += 0x9E3779B97F4A7C15UL);
        _s2 = Mix(x += 0x9E3779B97F4A7C15UL);
        _s3 = Mix(x + 0x9E3779B97F4A7C15UL);
    }

    /// <summary>The SplitMix64 finaliser: a bijection of 64-bit values that scatters neighbouring inputs.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextBits()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => (int)((NextBits() >> 32) * (ulong)max >> 32);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>] (both included).</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(T[] items) => items[Next(items.Length)];

    /// <summary>One of <paramref name="items"/> by its weight.</summary>
    public T Pick<T>((T Item, double Weight)[] items)
    {
        var total = 0.0;
        foreach (var (_, w) in items) total += w;
        var r = NextDouble() * total;
        foreach (var (item, w) in items)
            if ((r -= w) < 0) return item;
        return items[^1].Item;
    }

    /// <summary>
    /// A version-7 Guid (RFC 9562) whose timestamp is <paramref name="at"/> and whose 74 other bits come from this
    /// generator: the shape <see cref="Guid.CreateVersion7(DateTimeOffset)"/> makes, but reproducible.
    /// </summary>
    public Guid Version7(DateTimeOffset at)
    {
        var ms = (ulong)at.ToUnixTimeMilliseconds();
        var bits = NextBits();
        var more = NextBits();
        return new Guid(
            (int)(ms >> 16),
            (short)(ms & 0xFFFF),
            (short)(0x7000 | (int)(bits & 0x0FFF)),
            (byte)(0x80 | (int)((bits >> 12) & 0x3F)),
            (byte)(bits >> 18), (byte)(bits >> 26), (byte)(bits >> 34), (byte)(bits >> 42),
            (byte)more, (byte)(more >> 8), (byte)(more >> 16));
    }
}
