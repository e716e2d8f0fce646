namespace Ablation.Harness.IO.Settings;

/// <summary>Suggests the known name closest to a misspelt one (Levenshtein distance, case-insensitive).</summary>
public static class DidYouMean
{
    /// <summary>
    /// The candidate closest to <paramref name="given"/> when it is close enough to be a likely typo (at most 2 edits,
    /// or a third of the name's length for long names), else null.
    /// </summary>
    public static string? Suggest(string given, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int d = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        if (best == null) return null;
        int limit = Math.Max(2, Math.Min(given.Length, best.Length) / 3);
        return bestDistance <= limit && bestDistance < Math.Max(given.Length, best.Length) ? best : null;
    }

    /// <summary><c>; did you mean "x"?</c> or an empty string.</summary>
    public static string Hint(string given, IEnumerable<string> candidates) =>
        Suggest(given, candidates) is { } s ? $" (did you mean \"{s}\"?)" : "";

    /// <summary>Levenshtein distance: insertions, deletions and substitutions each cost 1.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
