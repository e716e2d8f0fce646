namespace Ablation.Harness.Tests.Cli;

/// <summary>Runs the <c>ablation</c> command line in-process and captures what it prints.</summary>
public static class CliRun
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
