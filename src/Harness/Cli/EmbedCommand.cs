using Ablation.Models;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.IO;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation embed</c>: one text per line in, one L2-normalised embedding per line out, as NumPy <c>.npy</c>
/// (float32, shape [n, dim]) or CSV, from any model <c>ablation eval</c> takes. Encoding goes through the
/// <see cref="EmbeddingPipeline"/> (de-duplication, the embedding cache, the finite check, one progress bar).
/// </summary>
public static class EmbedCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "A Hugging Face checkpoint folder (config.json + *.safetensors + tokenizer), a trained model " +
                          "(a cell folder or its checkpoint/ folder), builtin:tiny-base, or builtin:bow-hash[:dim].",
            Required = true,
        };
        var attention = new ChoiceOption<AttentionKind>("--attention", "Attention mask (default: the trained model's, else causal).", CliChoices.Attention);
        var pooling = new ChoiceOption<string>("--pooling",
            "Pooling head (default: the trained model's, else eos_last); a bare checkpoint can only use the heads without parameters (eos_last, mean).",
            CliChoices.Pooling);
        var instruction = new Option<string?>("--instruction")
        {
            Description = "Instruction put in front of every text (as for queries).",
        };
        var input = new Option<string>("--input") { Description = "UTF-8 text file, one text per line.", Required = true };
        var output = new Option<string>("--out", "--output") { Description = "Output file: .npy (float32 [n, dim]) or .csv (--output is the old name).", Required = true };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not read or write the embedding cache." };
        var batchSize = new Option<int>("--batch-size") { Description = "Texts per forward pass.", DefaultValueFactory = _ => 16 };
        var maxLength = new Option<int>("--max-length") { Description = "Longest tokenised text; longer texts are truncated.", DefaultValueFactory = _ => 512 };

        var command = new Command("embed", "Embed texts (one per line) with a checkpoint or a trained model; write .npy or .csv.")
        {
            model, attention, pooling, instruction, input, output, batchSize, maxLength, noCache,
        };
        command.SetAction(parse =>
        {
            var request = new EmbedRequest(
                parse.GetValue(model)!, attention.GetName(parse), pooling.GetName(parse), parse.GetValue(instruction),
                parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(batchSize), parse.GetValue(maxLength));
            return Run(request, parse.InvocationConfiguration.Output, useCache: !parse.GetValue(noCache));
        });
        return command;
    }

    /// <summary>The options of one invocation.</summary>
    public sealed record EmbedRequest(string Model, string? Attention, string? Pooling, string? Instruction,
        string Input, string Output, int BatchSize, int MaxLength);

    /// <summary>Validates, embeds and writes; user mistakes throw <see cref="UserInputException"/>.</summary>
    public static int Run(EmbedRequest request, TextWriter stdout, bool useCache = true)
    {
        // Everything the user gave is checked before the model is loaded: no work is done for a run that cannot finish.
        var format = Path.GetExtension(request.Output).ToLowerInvariant() switch
        {
            ".npy" => "npy",
            ".csv" => "csv",
            _ => throw new UserInputException($"--out '{request.Output}': the file name must end in .npy or .csv"),
        };
        OutputPaths.CheckFile(request.Output, "--out");
        if (request.BatchSize <= 0) throw new UserInputException($"--batch-size must be positive, not {request.BatchSize}");
        if (request.MaxLength <= 1) throw new UserInputException($"--max-length must be at least 2, not {request.MaxLength}");
        if (Directory.Exists(request.Input)) throw new UserInputException($"--input '{request.Input}': is a folder; give a text file with one text per line");
        if (!File.Exists(request.Input)) throw new UserInputException($"--input '{request.Input}': file not found");
        // The command line checks these already; a request built in code gets the same message.
        if (request.Attention != null && !CliChoices.Attention.TryParse(request.Attention, out _))
            throw new UserInputException(CliChoices.Attention.UnknownValue("--attention", request.Attention));
        if (request.Pooling != null && !CliChoices.Pooling.TryParse(request.Pooling, out _))
            throw new UserInputException(CliChoices.Pooling.UnknownValue("--pooling", request.Pooling));
        var (location, _) = EmbeddingModelEncoder.SplitOptions(request.Model);
        if (!location.StartsWith("builtin:", StringComparison.Ordinal) && !Directory.Exists(location))
            throw new UserInputException($"--model '{request.Model}': folder not found{(location != request.Model ? $" ({location})" : "")}");

        var (texts, blank, firstBlank) = ReadTexts(request.Input);

        var encoder = EncoderRegistry.Resolve(ModelSpec(request));
        try
        {
            var cache = useCache ? new EmbeddingCache(encoder.ModelId, encoder.Dimension) : null;
            var pipeline = new EmbeddingPipeline(encoder, cache, showProgress: ReferenceEquals(stdout, Console.Out) && texts.Count >= 64);
            string? instruction = request.Instruction ?? (encoder as EmbeddingModelEncoder)?.QueryInstruction;
            var matrix = pipeline.Encode(texts, TextKind.Query, instruction, "embedding");
            int d = matrix.Dimension;
            var vectors = Enumerable.Range(0, matrix.Rows).Select(i => matrix.Row(i).ToArray()).ToList();
            if (format == "npy")
                NpyWriter.WriteFloat32(request.Output, vectors, d);
            else
                AtomicFile.WriteText(request.Output, w =>
                {
                    var line = new StringBuilder();
                    foreach (var v in vectors)
                    {
                        line.Clear();
                        for (var j = 0; j < v.Length; j++)
                        {
                            if (j > 0) line.Append(',');
                            line.Append(v[j].ToString("R", CultureInfo.InvariantCulture));
                        }
                        w.WriteLine(line);
                    }
                });
            if (blank > 0)
                stdout.WriteLine($"warning: {request.Input}: {blank} blank line(s) (first on line {firstBlank}) were embedded as the empty text, one row each; remove them if they are not meant as texts");
            foreach (var warning in pipeline.Warnings()) stdout.WriteLine(warning);
            stdout.WriteLine($"wrote {vectors.Count} embeddings of dimension {d} to {request.Output} " +
                             $"({pipeline.EncodedCount} texts encoded, {pipeline.CacheHits} from cache, {texts.Count - UniqueCount(texts)} duplicates)");
        }
        finally
        {
            (encoder as IDisposable)?.Dispose();
        }
        return ExitCodes.Success;
    }

    private static int UniqueCount(List<string> texts) => texts.Distinct(StringComparer.Ordinal).Count();

    /// <summary>The encoder string (as <c>ablation eval</c> takes it): the model plus its options after '#'.</summary>
    private static string ModelSpec(EmbedRequest request)
    {
        var (location, given) = EmbeddingModelEncoder.SplitOptions(request.Model);
        // The model-free encoder has no context length or batch settings (and takes no options).
        if (location.StartsWith("builtin:bow-hash", StringComparison.Ordinal) && request.Attention is null && request.Pooling is null) return request.Model;
        var options = new List<string>();
        if (request.Attention != null) options.Add($"attention={request.Attention}");
        if (request.Pooling != null) options.Add($"pooling={request.Pooling}");
        if (!given.ContainsKey("max_length")) options.Add(string.Create(CultureInfo.InvariantCulture, $"max_length={request.MaxLength}"));
        if (!given.ContainsKey("batch_size")) options.Add(string.Create(CultureInfo.InvariantCulture, $"batch_size={request.BatchSize}"));
        return request.Model + (request.Model.Contains('#') ? "," : "#") + string.Join(",", options);
    }

    /// <summary>
    /// One text per line; a final newline does not add an empty text. An empty file is an error; blank lines are
    /// kept (row i of the output is line i of the input) and counted for a warning.
    /// </summary>
    private static (List<string> Texts, int Blank, int FirstBlank) ReadTexts(string path)
    {
        string content;
        try { content = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)); }
        catch (DecoderFallbackException) { throw new UserInputException($"--input '{path}': not valid UTF-8 text"); }
        var lines = content.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0) throw new UserInputException($"--input '{path}': the file has no lines; put one text per line");
        int blank = 0, first = 0;
        for (int i = 0; i < lines.Count; i++)
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                blank++;
                if (first == 0) first = i + 1;
            }
        if (blank == lines.Count) throw new UserInputException($"--input '{path}': every line is blank; put one text per line");
        return (lines, blank, first);
    }
}
