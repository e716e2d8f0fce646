using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ablation.Harness.IO;

/// <summary>Progress-bar column showing throughput in texts per second.</summary>
internal sealed class ItemsPerSecondColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Speed is { } speed ? $"{speed,8:F1} items/s" : "       - items/s", new Style(Color.Grey));
}
