namespace Ablation.Harness.Evaluation.Learning;

/// <summary>
/// The random stream of numpy's legacy <c>np.random.RandomState(seed)</c> (MT19937 with Matsumoto–Nishimura
/// integer seeding) and its in-place <c>shuffle</c> (Fisher–Yates from the end, each index drawn by masked
/// rejection sampling). MTEB undersamples classification training sets with exactly this, so the same seed
/// gives the same training subsets as MTEB. Checked against numpy in the evaluation fixtures.
/// </summary>
public sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _state = new uint[N];
    private int _position;

    public NumpyRandomState(uint seed)
    {
        for (int i = 0; i < N; i++)
        {
            _state[i] = seed;
            seed = unchecked(1812433253u * (seed ^ (seed >> 30)) + (uint)i + 1);
        }
        _position = N;
    }

    /// <summary>The next 32-bit output of MT19937 (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (_position >= N) Twist();
        uint y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Uniform integer in [0, max] as numpy's <c>random_interval</c> (max below 2³²).</summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        uint mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary>In-place shuffle, identical to <c>RandomState.shuffle</c> on a 1-d array.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_state[i] & 0x80000000u) | (_state[(i + 1) % N] & 0x7fffffffu);
            uint next = _state[(i + M) % N] ^ (y >> 1);
            if ((y & 1) != 0) next ^= 0x9908b0dfu;
            _state[i] = next;
        }
        _position = 0;
    }
}
