using System.Text.Json;

namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>
/// <c>suite.json</c>: a named list of task folders, relative to the suite folder:
/// <code>{ "name": "default", "tasks": ["sts/TinySTS", "retrieval/TinySciFact"] }</code>
/// Without a suite.json, every sub-folder holding a task.json is a task (sorted by path).
/// </summary>
public sealed record SuiteManifest
{
    public required string Name { get; init; }
    public required string Folder { get; init; }
    public required IReadOnlyList<TaskManifest> Tasks { get; init; }

    public static SuiteManifest Load(string folder)
    {
        string full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new UserInputException($"suite folder '{folder}' does not exist; pass a folder with suite.json or builtin:default");
        string path = Path.Combine(full, "suite.json");
        if (!File.Exists(path))
        {
            var found = Directory.EnumerateFiles(full, "task.json", SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName).Order(StringComparer.Ordinal).Select(d => TaskManifest.Load(d!)).ToList();
            if (found.Count == 0)
                throw new UserInputException($"{full}: no suite.json and no task.json below it; see docs/task-format.md");
            return new SuiteManifest { Name = Path.GetFileName(full), Folder = full, Tasks = found };
        }
        using var document = ManifestJson.Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new UserInputException($"{path}: expected a JSON object at the top level");
        ManifestJson.RejectUnknown(path, root, "", ["name", "tasks", "description"]);
        if (!root.TryGetProperty("tasks", out var tasksElement) || tasksElement.ValueKind != JsonValueKind.Array)
            throw new UserInputException($"{path}: key 'tasks' must be an array of task folder paths");
        var tasks = new List<TaskManifest>();
        int index = 0;
        foreach (var entry in tasksElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String)
                throw new UserInputException($"{path}: tasks[{index}] must be a folder path string");
            string taskFolder = Path.Combine(full, entry.GetString()!);
            if (!File.Exists(Path.Combine(taskFolder, "task.json")))
                throw new UserInputException($"{path}: tasks[{index}] = '{entry.GetString()}' has no task.json at {taskFolder}");
            tasks.Add(TaskManifest.Load(taskFolder));
            index++;
        }
        var duplicate = tasks.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new UserInputException($"{path}: task name '{duplicate.Key}' is used by {duplicate.Count()} tasks; names must be unique (they name the output files)");
        return new SuiteManifest { Name = ManifestJson.OptionalString(path, root, "name") ?? Path.GetFileName(full), Folder = full, Tasks = tasks };
    }
}
