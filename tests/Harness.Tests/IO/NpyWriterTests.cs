using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Ablation.Harness.IO;

namespace Ablation.Harness.Tests.IO;

public class NpyWriterTests
{
    /// <summary>Parses a version-1.0 .npy header the way numpy.lib.format documents it, independently of the writer.</summary>
    internal static (string Descr, bool Fortran, int[] Shape, int DataOffset) ParseHeader(byte[] bytes)
    {
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        Assert.Equal(1, bytes[6]);
        Assert.Equal(0, bytes[7]);
        int len = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var header = Encoding.ASCII.GetString(bytes, 10, len);
        Assert.EndsWith("\n", header);
        Assert.Equal(0, (10 + len) % 64);
        var descr = System.Text.RegularExpressions.Regex.Match(header, @"'descr':\s*'([^']*)'").Groups[1].Value;
        var fortran = System.Text.RegularExpressions.Regex.Match(header, @"'fortran_order':\s*(True|False)").Groups[1].Value == "True";
        var shapeText = System.Text.RegularExpressions.Regex.Match(header, @"'shape':\s*\(([^)]*)\)").Groups[1].Value;
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        return (descr, fortran, shape, 10 + len);
    }

    [Fact]
    public void HeaderAndDataFollowTheNpyFormat()
    {
        var rows = new List<float[]> { new[] { 1f, -2.5f, 3e-8f }, new[] { 0f, float.MaxValue, -0f } };
        var ms = new MemoryStream();
        NpyWriter.WriteFloat32(ms, rows, 3);
        var bytes = ms.ToArray();
        var (descr, fortran, shape, offset) = ParseHeader(bytes);
        Assert.Equal("<f4", descr);
        Assert.False(fortran);
        Assert.Equal([2, 3], shape);
        Assert.Equal(offset + 6 * 4, bytes.Length);
        Assert.Equal(-2.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 4)));
        Assert.Equal(float.MaxValue, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 16)));
    }

    [Fact]
    public void NumpyReadsTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyWriter.WriteFloat32(path, [new[] { 1f, 2f }, new[] { 3f, 4.5f }, new[] { -1f, 0.25f }], 2);
            var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", $"import numpy as n; a=n.load('{path}'); print(a.dtype, a.shape, a.sum())"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
            Assert.Equal("float32 (3, 2) 9.75", output);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void RejectsRaggedRows() =>
        Assert.Throws<ArgumentException>(() => NpyWriter.WriteFloat32(new MemoryStream(), [new[] { 1f }, new[] { 1f, 2f }], 1));
}
