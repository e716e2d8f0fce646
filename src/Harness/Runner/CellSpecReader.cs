using System.Text.Json;
using System.Text.Json.Serialization;
using Ablation.Harness.Cli;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Runner;

/// <summary>
/// Reads a cell's <c>config.json</c> into the <see cref="ModelSpec"/> the worker trains and evaluates.
/// </summary>
public static class CellSpecReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static ModelSpec Read(string configPath)
    {
        if (!File.Exists(configPath))
            throw new UserInputException($"{configPath} does not exist; a cell folder needs the config.json that `ablation run` writes");
        return Parse(File.ReadAllText(configPath), configPath);
    }

    /// <summary>Parses config.json text; <paramref name="where"/> names it in errors.</summary>
    public static ModelSpec Parse(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelSpec>(json, Options)
                   ?? throw new UserInputException($"{where}: expected a model spec object, found null");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{where}: {e.Message} (line {e.LineNumber + 1}); rewrite it with `ablation run` from the grid file");
        }
    }
}
