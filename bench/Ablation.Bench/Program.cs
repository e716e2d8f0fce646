namespace Ablation.Bench;

/// <summary>
/// Entry point of the benchmark programs: <c>Ablation.Bench &lt;suite&gt; [options]</c>. Each suite lives in its
/// own file and is listed here by one line. scripts/benchmarks/&lt;suite&gt;.sh runs it next to its peer.
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, Func<string[], int>> Suites = new()
    {
        // suite name -> entry (one line each, sorted):
        ["base"] = BaseBench.Run,
        ["engine"] = Engine.EngineBench.Run,
        ["eval"] = EvalBench.Run,
        ["models"] = ModelsBench.Run,
        ["stats"] = StatsSuite.Run,
        ["tokenize"] = TokenizeSuite.Run,
        ["train"] = TrainBench.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Suites.TryGetValue(args[0], out var suite))
        {
            Console.Error.WriteLine($"usage: Ablation.Bench <suite> [options]; suites: {string.Join(", ", Suites.Keys.Order())}");
            return 2;
        }
        return suite(args[1..]);
    }
}
