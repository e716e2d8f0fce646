using Ablation.Torch.IO;
using System.Text;

namespace Ablation.Harness.IO;

/// <summary>
/// Writes files so that a reader sees either the old content or the complete new content, never half of it:
/// the data goes to a temporary file in the same folder, which is then renamed over the target.
/// An interrupted run therefore leaves no truncated result behind, and a temporary left by a killed process is
/// removed by the next write of the same file. Errors name the target path (see <see cref="AtomicWrite"/>).
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without BOM.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => { var bytes = Utf8NoBom.GetBytes(text); stream.Write(bytes); });

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Writes text through a <see cref="TextWriter"/> (UTF-8 without BOM, "\n" line ends).</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });

    /// <summary>Streams content into the file; the target appears only after <paramref name="write"/> returns.</summary>
    public static void Write(string path, Action<Stream> write) => AtomicWrite.Write(path, write);

    /// <summary>
    /// Like <see cref="Write(string, Action{Stream})"/> without the flush to disk: for caches whose files are
    /// verified when read (a checksum), where a file lost in a power cut only costs recomputation.
    /// </summary>
    public static void WriteCache(string path, Action<Stream> write) => AtomicWrite.Write(path, write, durable: false);
}
