using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Runner;

/// <summary>Reads a cell's <c>config.json</c> (strictly, through <see cref="ModelSpecReader"/>) into the spec the worker runs.</summary>
public static class CellSpecReader
{
    public static ModelSpec Read(string configPath)
    {
        if (!File.Exists(configPath))
            throw new UserInputException($"{configPath} does not exist; a cell folder needs the config.json that `ablation run` writes");
        return ModelSpecReader.Read(configPath);
    }

    /// <summary>Parses config.json text; <paramref name="where"/> names it in errors; relative paths resolve against the working folder.</summary>
    public static ModelSpec Parse(string json, string where) => ModelSpecReader.Parse(json, where, Environment.CurrentDirectory);
}
