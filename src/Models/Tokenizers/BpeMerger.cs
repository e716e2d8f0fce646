namespace Ablation.Models.Tokenizers;

/// <summary>
/// The merge loop shared by both BPE flavours: repeatedly merge the adjacent pair with the best priority (lowest
/// merge rank for Hugging Face BPE, highest piece score for SentencePiece), leftmost first on ties, until no
/// adjacent pair can merge. A heap over a linked list makes it O(n log n), so a whole un-pre-tokenised
/// SentencePiece paragraph is fine.
/// </summary>
internal static class BpeMerger
{
    /// <summary>Looks up whether <c>left</c>+<c>right</c> merge: lower priority merges first.</summary>
    public delegate bool PairLookup(int left, int right, out double priority, out int merged);

    /// <summary>Merges <paramref name="symbols"/> in place.</summary>
    public static void Merge(List<int> symbols, PairLookup lookup)
    {
        int n = symbols.Count;
        if (n < 2) return;
        var ids = symbols.ToArray();
        var next = new int[n];
        var prev = new int[n];
        var alive = new bool[n];
        for (int i = 0; i < n; i++) { next[i] = i + 1 < n ? i + 1 : -1; prev[i] = i - 1; alive[i] = true; }

        var heap = new PriorityQueue<(int Left, int Right, int LeftId, int RightId, int Merged), (double, int)>();
        void Push(int l)
        {
            if (l < 0) return;
            int r = next[l];
            if (r < 0) return;
            if (lookup(ids[l], ids[r], out double p, out int m)) heap.Enqueue((l, r, ids[l], ids[r], m), (p, l));
        }
        for (int i = 0; i + 1 < n; i++) Push(i);

        while (heap.TryDequeue(out var e, out _))
        {
            // Stale entries (one side already merged into something else) are skipped.
            if (!alive[e.Left] || !alive[e.Right] || next[e.Left] != e.Right || ids[e.Left] != e.LeftId || ids[e.Right] != e.RightId)
                continue;
            ids[e.Left] = e.Merged;
            alive[e.Right] = false;
            next[e.Left] = next[e.Right];
            if (next[e.Right] >= 0) prev[next[e.Right]] = e.Left;
            Push(prev[e.Left]);
            Push(e.Left);
        }

        symbols.Clear();
        for (int i = 0; i >= 0; i = next[i]) symbols.Add(ids[i]);
    }
}
