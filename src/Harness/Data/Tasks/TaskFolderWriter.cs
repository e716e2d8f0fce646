using Ablation.Harness.IO;

namespace Ablation.Harness.Data.Tasks;

/// <summary>Writes one task folder: its jsonl/tsv files and task.json, all atomically and deterministically.</summary>
public sealed class TaskFolderWriter(string suiteFolder, string taskName)
{
    public string Folder { get; } = Path.Combine(suiteFolder, taskName);

    /// <summary>Writes one JSON object per line to <paramref name="relativePath"/> and returns the row count.</summary>
    public int WriteJsonl<T>(string relativePath, IEnumerable<T> rows)
    {
        int count = 0;
        AtomicFile.WriteText(Path.Combine(Folder, relativePath), writer =>
        {
            foreach (var row in rows) { writer.WriteLine(Jsonl.Line(row)); count++; }
        });
        return count;
    }

    /// <summary>Writes BEIR qrels (<c>query-id TAB corpus-id TAB score</c> with header) and returns the row count.</summary>
    public int WriteQrels(string relativePath, IEnumerable<(string QueryId, string CorpusId, int Score)> rows)
    {
        int count = 0;
        AtomicFile.WriteText(Path.Combine(Folder, relativePath), writer =>
        {
            writer.WriteLine("query-id\tcorpus-id\tscore");
            foreach (var (q, c, s) in rows) { writer.WriteLine($"{q}\t{c}\t{s}"); count++; }
        });
        return count;
    }

    public void WriteSpec(TaskSpec spec) =>
        AtomicFile.WriteAllText(Path.Combine(Folder, "task.json"), System.Text.Json.JsonSerializer.Serialize(spec, Jsonl.Indented) + "\n");
}
