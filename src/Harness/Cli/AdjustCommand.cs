using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ablation.Stats.MultipleComparisons;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation adjust --method holm P1 P2 ...</c> (or a file of p-values): adjusted p-values and reject flags with
/// statsmodels' multipletests conventions.
/// </summary>
public static partial class AdjustCommand
{
    public static Command Create()
    {
        var values = new Argument<string[]>("p-values") { Description = "P-values, or one file holding them (separated by spaces, commas or new lines; '#' starts a comment).", Arity = ArgumentArity.OneOrMore };
        var method = new ChoiceOption<AdjustmentMethod>("--method", "Multiple-comparison procedure (statsmodels' fdr_bh, fdr_by and simes-hochberg are accepted too).",
            CliChoices.Correction, AdjustmentMethod.Holm);
        var alpha = new Option<double>("--alpha") { Description = "Family-wise error rate or false discovery rate for the reject flags.", DefaultValueFactory = _ => 0.05 };
        var json = new Option<bool>("--json") { Description = "Print {\"adjusted\": [...], \"reject\": [...]}." };
        var command = new Command("adjust", "Adjust p-values for multiple comparisons.") { values, method, alpha, json };
        command.SetAction(parse =>
        {
            var adjustment = method.Get(parse);
            double a = parse.GetValue(alpha);
            if (!(a > 0 && a < 1)) throw new UserInputException($"--alpha must lie strictly between 0 and 1; got {a}");
            var p = ReadPValues(parse.GetValue(values)!);
            var result = PValueAdjustment.Adjust(p, adjustment, a);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new { adjusted = result.Adjusted, reject = result.Reject }));
                return ExitCodes.Success;
            }
            output.WriteLine($"method {adjustment.ToName()}, alpha {a.ToString(CultureInfo.InvariantCulture)}, {p.Length} p-values");
            output.WriteLine($"{"#",4} {"p",12} {"adjusted",12}  reject");
            for (int i = 0; i < p.Length; i++)
                output.WriteLine($"{i + 1,4} {p[i].ToString("0.######", CultureInfo.InvariantCulture),12} {result.Adjusted[i].ToString("0.######", CultureInfo.InvariantCulture),12}  {(result.Reject[i] ? "yes" : "no")}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Numbers given on the command line, or read from a single file argument.</summary>
    internal static double[] ReadPValues(string[] tokens)
    {
        if (tokens.Length == 1 && !double.TryParse(tokens[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            string path = tokens[0];
            if (!File.Exists(path)) throw new UserInputException($"'{path}' is neither a p-value nor an existing file");
            var list = new List<double>();
            int lineNumber = 0;
            foreach (var raw in File.ReadLines(path))
            {
                lineNumber++;
                var line = raw.Split('#')[0];
                if (DecimalComma().Match(line) is { Success: true } comma)
                    throw new UserInputException(
                        $"{path} line {lineNumber}: '{comma.Value}' reads as two p-values but looks like a decimal comma; write {comma.Value.Replace(',', '.')} " +
                        "(or, for two values, separate them with a space or a new line)");
                foreach (var token in line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
                    list.Add(ParseP(token, $"{path} line {lineNumber}"));
            }
            if (list.Count == 0) throw new UserInputException($"{path}: no p-values found");
            return list.ToArray();
        }
        return tokens.Select((t, i) => ParseP(t, $"argument {i + 1}")).ToArray();
    }

    /// <summary>Two bare digit runs joined by a comma ("0,1", "0,05"): ambiguous between a list and a decimal comma.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.eE+-])\d+,\d+(?![\d.eE])")]
    private static partial System.Text.RegularExpressions.Regex DecimalComma();

    private static double ParseP(string token, string where)
    {
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || !(p >= 0 && p <= 1))
            throw new UserInputException($"{where}: '{token}' is not a p-value in [0, 1]");
        return p;
    }
}
