using System.Numerics;
using System.Runtime.InteropServices;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>Small SIMD vector kernels shared by the evaluators (float storage, double accumulation where it matters).</summary>
public static class VectorMath
{
    /// <summary>Dot product with float SIMD lanes; fast enough for scoring millions of pairs.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors differ in length: {a.Length} vs {b.Length}");
        int i = 0;
        var sum = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++) sum += va[v] * vb[v];
            i = va.Length * Vector<float>.Count;
        }
        float total = Vector.Dot(sum, Vector<float>.One);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>Cosine similarity in double precision (0 when either vector is zero).</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++) { ab += (double)a[i] * b[i]; aa += (double)a[i] * a[i]; bb += (double)b[i] * b[i]; }
        return aa == 0 || bb == 0 ? 0 : ab / Math.Sqrt(aa * bb);
    }

    /// <summary>Dot product in double precision.</summary>
    public static double DotDouble(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double ab = 0;
        for (int i = 0; i < a.Length; i++) ab += (double)a[i] * b[i];
        return ab;
    }

    public static double Euclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) { double d = (double)a[i] - b[i]; s += d * d; }
        return Math.Sqrt(s);
    }

    public static double Manhattan(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += Math.Abs((double)a[i] - b[i]);
        return s;
    }
}
