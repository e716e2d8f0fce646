using Ablation.Harness.Cli;

namespace Ablation.Harness.Runner;

/// <summary>The seam between the runner and the grid reader: a validated grid file as the runner sees it.</summary>
public static class GridLoader
{
    public static GridToRun Load(string path) =>
        throw new UserInputException($"{path}: this build has no grid reader yet (it arrives with the grid branch)");
}
