using System.CommandLine;
using System.Globalization;
using System.Text;
using Ablation.Harness.IO;
using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Pooling;
using Spectre.Console;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation embed</c>: one text per line in, one L2-normalised embedding per line out, as NumPy <c>.npy</c>
/// (float32, shape [n, dim]) or CSV, from a Hugging Face checkpoint folder or a trained model.
/// </summary>
public static class EmbedCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "A Hugging Face checkpoint folder (config.json + *.safetensors + tokenizer) or a trained model " +
                          "(a cell folder or its checkpoint/ folder).",
            Required = true,
        };
        var attention = new Option<string?>("--attention")
        {
            Description = "causal or bidirectional (default: the trained model's, else causal).",
        };
        var pooling = new Option<string?>("--pooling")
        {
            Description = $"Pooling head: {string.Join(", ", PoolingHeads.Names)} (default: the trained model's, else eos_last). " +
                          "A bare checkpoint can only use the heads without parameters (eos_last, mean).",
        };
        var instruction = new Option<string?>("--instruction")
        {
            Description = "Instruction put in front of every text (as for queries).",
        };
        var input = new Option<string>("--input") { Description = "UTF-8 text file, one text per line.", Required = true };
        var output = new Option<string>("--output") { Description = "Output file: .npy (float32 [n, dim]) or .csv.", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Texts per forward pass.", DefaultValueFactory = _ => 16 };
        var maxLength = new Option<int>("--max-length") { Description = "Longest tokenised text; longer texts are truncated.", DefaultValueFactory = _ => 512 };

        var command = new Command("embed", "Embed texts (one per line) with a checkpoint or a trained model; write .npy or .csv.")
        {
            model, attention, pooling, instruction, input, output, batchSize, maxLength,
        };
        command.SetAction(parse =>
        {
            var request = new EmbedRequest(
                parse.GetValue(model)!, parse.GetValue(attention), parse.GetValue(pooling), parse.GetValue(instruction),
                parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(batchSize), parse.GetValue(maxLength));
            return Run(request, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    /// <summary>The options of one invocation.</summary>
    public sealed record EmbedRequest(string Model, string? Attention, string? Pooling, string? Instruction,
        string Input, string Output, int BatchSize, int MaxLength);

    /// <summary>Validates, embeds and writes; user mistakes throw <see cref="UserInputException"/>.</summary>
    public static int Run(EmbedRequest request, TextWriter stdout)
    {
        var format = Path.GetExtension(request.Output).ToLowerInvariant() switch
        {
            ".npy" => "npy",
            ".csv" => "csv",
            _ => throw new UserInputException($"--output '{request.Output}': the file name must end in .npy or .csv"),
        };
        if (request.BatchSize <= 0) throw new UserInputException($"--batch-size must be positive, not {request.BatchSize}");
        if (request.MaxLength <= 1) throw new UserInputException($"--max-length must be at least 2, not {request.MaxLength}");
        if (!File.Exists(request.Input)) throw new UserInputException($"--input '{request.Input}': file not found");
        if (!Directory.Exists(request.Model)) throw new UserInputException($"--model '{request.Model}': folder not found");

        AttentionMode? mode = null;
        if (request.Attention != null)
        {
            try { mode = AttentionModes.Parse(request.Attention); }
            catch (FormatException e) { throw new UserInputException($"--attention: {e.Message}"); }
        }
        if (request.Pooling != null && !PoolingHeads.Names.Contains(request.Pooling))
            throw new UserInputException($"--pooling '{request.Pooling}' is unknown; choose one of {string.Join(", ", PoolingHeads.Names)}");

        var texts = ReadTexts(request.Input);

        EmbeddingModel embedder;
        try
        {
            embedder = EmbeddingModel.Load(request.Model, new EmbeddingLoadOptions
            {
                Attention = mode,
                Pooling = request.Pooling,
                QueryInstruction = request.Instruction,
                MaxLength = request.MaxLength,
                BatchSize = request.BatchSize,
            });
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or InvalidDataException or ArgumentException or KeyNotFoundException)
        {
            throw new UserInputException($"--model '{request.Model}': {e.Message}", e);
        }
        using (embedder)
        {
            var vectors = Encode(embedder, texts, stdout);
            if (format == "npy")
                NpyWriter.WriteFloat32(request.Output, vectors, embedder.Dimension);
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
            stdout.WriteLine($"wrote {vectors.Count} embeddings of dimension {embedder.Dimension} to {request.Output}");
        }
        return ExitCodes.Success;
    }

    /// <summary>Encodes with a progress bar when writing to an interactive terminal, quietly otherwise.</summary>
    private static List<float[]> Encode(EmbeddingModel embedder, List<string> texts, TextWriter stdout)
    {
        if (!ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected || texts.Count < 64)
            return embedder.Encode(texts, TextKind.Query);
        List<float[]> result = [];
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("embedding", maxValue: texts.Count);
            result = embedder.Encode(texts, TextKind.Query, new Progress<int>(done => task.Value = done));
        });
        return result;
    }

    /// <summary>One text per line; a final newline does not add an empty text. An empty file is an error.</summary>
    private static List<string> ReadTexts(string path)
    {
        string content;
        try { content = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)); }
        catch (DecoderFallbackException) { throw new UserInputException($"--input '{path}': not valid UTF-8 text"); }
        var lines = content.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0) throw new UserInputException($"--input '{path}': the file has no lines; put one text per line");
        return lines;
    }
}
