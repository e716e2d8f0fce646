namespace Ablation.Stats.Resampling;

/// <summary>Leave-one-out values of a statistic, used for BCa's acceleration constant.</summary>
public static class Jackknife
{
    /// <summary>The statistic with each item left out in turn; uses the statistic's shortcut when it has one.</summary>
    public static double[] LeaveOneOut(IResampleStatistic statistic)
    {
        var output = new double[statistic.ItemCount];
        if (statistic is IJackknifeShortcut shortcut) shortcut.LeaveOneOut(output);
        else Generic(statistic, output);
        return output;
    }

    /// <summary>n evaluations on index sets of size n − 1, built in one buffer updated in O(1) per step.</summary>
    public static void Generic(IResampleStatistic statistic, Span<double> output)
    {
        int n = statistic.ItemCount;
        if (n < 2) throw new ArgumentException("the jackknife needs at least 2 items");
        var indices = new int[n - 1];
        for (int j = 0; j < n - 1; j++) indices[j] = j + 1; // item 0 left out
        for (int i = 0; i < n; i++)
        {
            if (i > 0) indices[i - 1] = i - 1;               // now item i is the one missing
            output[i] = statistic.Evaluate(indices);
        }
    }
}
