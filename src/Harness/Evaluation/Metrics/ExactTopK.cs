using System.Numerics;
using System.Runtime.InteropServices;
using Ablation.Harness.Evaluation.Encoding;

namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>
/// Exact top-k by inner product (cosine for unit vectors) without materialising the query × corpus matrix:
/// queries are processed in blocks, the corpus in tiles of <c>chunkSize</c> rows that stay in cache while a
/// block of queries is scored against them, and each query keeps a bounded heap of its k best documents.
/// Memory is O(queries × k + chunk), so corpora of millions of documents fit. Ties are broken by a caller
/// supplied key (higher key wins), which the retrieval evaluator sets so that the cut matches trec_eval's
/// order (document id descending).
/// </summary>
public static class ExactTopK
{
    /// <summary>One retrieved document (row index into the corpus) and its score.</summary>
    public readonly record struct Hit(int Document, float Score);

    /// <summary>
    /// The k best corpus rows for every query row, best first. <paramref name="tieKey"/> gives, per document, the
    /// key that wins among equal scores (larger wins; null means the larger row index wins).
    /// <paramref name="chunkSize"/> and <paramref name="queryBlock"/> only change speed, never the result.
    /// </summary>
    public static Hit[][] Search(EmbeddingMatrix queries, EmbeddingMatrix corpus, int k, int[]? tieKey = null, int chunkSize = 1024, int queryBlock = 64)
    {
        if (queries.Dimension != corpus.Dimension)
            throw new ArgumentException($"query dimension {queries.Dimension} differs from corpus dimension {corpus.Dimension}");
        if (chunkSize <= 0 || queryBlock <= 0) throw new ArgumentException("chunk and block sizes must be positive");
        k = Math.Min(k, corpus.Rows);
        var keys = tieKey ?? Enumerable.Range(0, corpus.Rows).ToArray();
        var results = new Hit[queries.Rows][];
        int blocks = (queries.Rows + queryBlock - 1) / queryBlock;
        Parallel.For(0, blocks, block =>
        {
            int q0 = block * queryBlock, q1 = Math.Min(queries.Rows, q0 + queryBlock);
            var heaps = new TopHeap[q1 - q0];
            for (int q = 0; q < heaps.Length; q++) heaps[q] = new TopHeap(k, keys);
            var scores = new float[4];
            for (int c0 = 0; c0 < corpus.Rows; c0 += chunkSize)
            {
                int c1 = Math.Min(corpus.Rows, c0 + chunkSize);
                int q = q0;
                for (; q + 4 <= q1; q += 4)
                {
                    for (int doc = c0; doc < c1; doc++)
                    {
                        Dot4(queries, q, corpus.Row(doc), scores);
                        for (int j = 0; j < 4; j++) heaps[q - q0 + j].Offer(doc, scores[j]);
                    }
                }
                for (; q < q1; q++)
                {
                    var query = queries.Row(q);
                    for (int doc = c0; doc < c1; doc++) heaps[q - q0].Offer(doc, VectorMath.Dot(query, corpus.Row(doc)));
                }
            }
            for (int q = q0; q < q1; q++) results[q] = heaps[q - q0].Sorted();
        });
        return results;
    }

    // Four dot products that share each load of the document vector.
    private static void Dot4(EmbeddingMatrix queries, int q, ReadOnlySpan<float> doc, float[] output)
    {
        var a = queries.Row(q); var b = queries.Row(q + 1); var c = queries.Row(q + 2); var e = queries.Row(q + 3);
        int i = 0;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector.IsHardwareAccelerated && doc.Length >= Vector<float>.Count)
        {
            var vd = MemoryMarshal.Cast<float, Vector<float>>(doc);
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var vc = MemoryMarshal.Cast<float, Vector<float>>(c);
            var ve = MemoryMarshal.Cast<float, Vector<float>>(e);
            Vector<float> t0 = default, t1 = default, t2 = default, t3 = default;
            for (int v = 0; v < vd.Length; v++)
            {
                var x = vd[v];
                t0 += va[v] * x; t1 += vb[v] * x; t2 += vc[v] * x; t3 += ve[v] * x;
            }
            s0 = Vector.Dot(t0, Vector<float>.One); s1 = Vector.Dot(t1, Vector<float>.One);
            s2 = Vector.Dot(t2, Vector<float>.One); s3 = Vector.Dot(t3, Vector<float>.One);
            i = vd.Length * Vector<float>.Count;
        }
        for (; i < doc.Length; i++) { s0 += a[i] * doc[i]; s1 += b[i] * doc[i]; s2 += c[i] * doc[i]; s3 += e[i] * doc[i]; }
        output[0] = s0; output[1] = s1; output[2] = s2; output[3] = s3;
    }

    /// <summary>Min-heap of the k best (score, tie key) seen so far; the root is the current worst.</summary>
    private sealed class TopHeap(int capacity, int[] keys)
    {
        private readonly int[] _docs = new int[capacity];
        private readonly float[] _scores = new float[capacity];
        private int _count;

        // True when (sa, da) ranks below (sb, db).
        private bool Worse(float sa, int da, float sb, int db) => sa < sb || (sa == sb && keys[da] < keys[db]);

        public void Offer(int doc, float score)
        {
            if (capacity == 0) return;
            if (_count < capacity)
            {
                int i = _count++;
                _docs[i] = doc; _scores[i] = score;
                while (i > 0)
                {
                    int parent = (i - 1) / 2;
                    if (!Worse(_scores[i], _docs[i], _scores[parent], _docs[parent])) break;
                    Swap(i, parent); i = parent;
                }
                return;
            }
            if (!Worse(_scores[0], _docs[0], score, doc)) return;
            _docs[0] = doc; _scores[0] = score;
            int node = 0;
            while (true)
            {
                int left = 2 * node + 1, right = left + 1, smallest = node;
                if (left < _count && Worse(_scores[left], _docs[left], _scores[smallest], _docs[smallest])) smallest = left;
                if (right < _count && Worse(_scores[right], _docs[right], _scores[smallest], _docs[smallest])) smallest = right;
                if (smallest == node) break;
                Swap(node, smallest); node = smallest;
            }
        }

        public Hit[] Sorted()
        {
            var hits = new Hit[_count];
            for (int i = 0; i < _count; i++) hits[i] = new Hit(_docs[i], _scores[i]);
            Array.Sort(hits, (x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : keys[y.Document].CompareTo(keys[x.Document]));
            return hits;
        }

        private void Swap(int i, int j)
        {
            (_docs[i], _docs[j]) = (_docs[j], _docs[i]);
            (_scores[i], _scores[j]) = (_scores[j], _scores[i]);
        }
    }
}
