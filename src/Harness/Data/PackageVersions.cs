using System.Diagnostics;

namespace Ablation.Harness.Data;

/// <summary>Installed Debian package versions, via <c>dpkg-query</c> ("not installed" / "unknown" otherwise).</summary>
public static class PackageVersions
{
    public static string Of(string package)
    {
        try
        {
            var start = new ProcessStartInfo("dpkg-query", ["-W", "-f=${Version}", package])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null) return "unknown";
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : "not installed";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no dpkg on this system
        }
    }
}
