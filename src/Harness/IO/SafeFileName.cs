using System.Security.Cryptography;
using System.Text;

namespace Ablation.Harness.IO;

/// <summary>
/// The one rule that turns a name (a task, a model string with options, a cell label) into a file or folder name
/// that is valid and unambiguous on every file system we write to: letters, digits, '-', '_', '.', '+' and '@'
/// are kept, anything else (separators, spaces, ':', '#', '=', control characters) becomes '_', a leading '.'
/// (hidden file) becomes '_', and a name longer than the limit is cut and ends in a short hash of the whole name
/// so that two long names never collide.
/// </summary>
public static class SafeFileName
{
    public static string Of(string name, int maxLength = 120)
    {
        if (maxLength < 16) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "at least 16 characters");
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
            safe.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '+' or '@' ? c : '_');
        if (safe.Length == 0) safe.Append('_');
        if (safe[0] == '.') safe[0] = '_';
        if (safe.Length <= maxLength) return safe.ToString();
        string digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0, 4).ToLowerInvariant();
        return safe.ToString(0, maxLength - digest.Length - 1) + "-" + digest;
    }
}
