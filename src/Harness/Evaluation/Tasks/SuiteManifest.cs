using Ablation.Harness.IO.Settings;

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
        var root = SettingsParser.ParseFile(path, "suite manifest");
        var errors = new SettingsErrors();
        var r = new SettingsObjectReader(root, errors);
        string name = r.OptionalString("name", "a suite name") ?? Path.GetFileName(full);
        r.OptionalString("description", "a description");
        var entries = r.Array("tasks", nonEmpty: true, required: true) ?? [];
        r.RejectUnknownKeys("suite.json");
        var folders = new List<string>();
        foreach (var entry in entries)
        {
            if (!SettingType.String("a task folder path relative to the suite folder").TryRead(entry, errors, out object? relative)) continue;
            string taskFolder = Path.Combine(full, (string)relative!);
            if (File.Exists(Path.Combine(taskFolder, "task.json"))) folders.Add(taskFolder);
            else errors.Add(entry, $"\"{relative}\" has no task.json at {taskFolder}; fix the path (relative to the suite folder)");
        }
        errors.ThrowIfAny();
        var tasks = folders.Select(TaskManifest.Load).ToList();
        var duplicate = tasks.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new UserInputException($"{path}: task name '{duplicate.Key}' is used by {duplicate.Count()} tasks; names must be unique (they name the output files)");
        return new SuiteManifest { Name = name, Folder = full, Tasks = tasks };
    }
}
