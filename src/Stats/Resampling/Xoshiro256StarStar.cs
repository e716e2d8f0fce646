namespace Ablation.Stats.Resampling;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018), seeded through splitmix64. Our own generator so that every resampling
/// result is reproducible from its seed on any .NET version (System.Random's algorithm is not a contract).
/// A mutable struct-free class: pass one instance down; it never allocates after construction.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x); _s1 = SplitMix64(ref x); _s2 = SplitMix64(ref x); _s3 = SplitMix64(ref x);
    }

    /// <summary>A generator with an explicit state (not all zero), e.g. to reproduce the reference implementation's stream.</summary>
    public static Xoshiro256StarStar FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0) throw new ArgumentException("the all-zero state is invalid for xoshiro256**");
        var rng = new Xoshiro256StarStar(0);
        rng._s0 = s0; rng._s1 = s1; rng._s2 = s2; rng._s3 = s3;
        return rng;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive");
        ulong range = (ulong)n;
        ulong high = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold) high = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)high;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal variate (Marsaglia's polar method; the spare value is discarded to keep the state simple).</summary>
    public double NextGaussian()
    {
        while (true)
        {
            double u = 2 * NextDouble() - 1, v = 2 * NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }

    /// <summary>A random bit.</summary>
    public bool NextBool() => (NextUInt64() >> 63) != 0;

    /// <summary>
    /// Fills <paramref name="indices"/> with uniform draws from [0, n) with replacement: Lemire's unbiased
    /// multiply-and-reject on 32-bit halves, so one 64-bit draw usually yields two indices.
    /// </summary>
    public void FillIndices(Span<int> indices, int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive");
        uint range = (uint)n;
        uint threshold = (0u - range) % range;
        int i = 0;
        while (i < indices.Length)
        {
            ulong bits = NextUInt64();
            ulong m = (bits & 0xFFFFFFFFUL) * range;
            if ((uint)m >= threshold) indices[i++] = (int)(m >> 32);
            if (i == indices.Length) break;
            m = (bits >> 32) * range;
            if ((uint)m >= threshold) indices[i++] = (int)(m >> 32);
        }
    }
}
