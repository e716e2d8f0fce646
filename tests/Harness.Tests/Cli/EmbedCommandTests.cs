using System.Buffers.Binary;
using Ablation.Harness.Cli;
using Ablation.Harness.Tests.IO;
using Ablation.Tests.Shared;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Cli;

public class EmbedCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("embed").FullName;
    private static readonly string Model = RepoPaths.Fixture("models", "embed-tiny");

    public void Dispose() => Directory.Delete(_dir, true);

    private string Input(string content)
    {
        var path = Path.Combine(_dir, "texts.txt");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void WritesAValidNpyWithOneUnitRowPerLine()
    {
        var output = Path.Combine(_dir, "emb.npy");
        var (code, _, err) = Run("embed", "--model", Model, "--input", Input("the cat\n\na dog sat\n"), "--output", output,
            "--attention", "bidirectional", "--pooling", "mean", "--instruction", "Query: ");
        Assert.True(code == 0, err);
        var bytes = File.ReadAllBytes(output);
        var (descr, fortran, shape, offset) = NpyWriterTests.ParseHeader(bytes);
        Assert.Equal("<f4", descr);
        Assert.False(fortran);
        Assert.Equal([3, 32], shape);
        Assert.Equal(offset + 3 * 32 * 4, bytes.Length);
        for (var r = 0; r < 3; r++)
        {
            double sq = 0;
            for (var j = 0; j < 32; j++)
            {
                var v = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + (r * 32 + j) * 4));
                sq += v * v;
            }
            Assert.True(Math.Abs(Math.Sqrt(sq) - 1) < 1e-5);
        }
    }

    [Fact]
    public void WritesCsv()
    {
        var output = Path.Combine(_dir, "emb.csv");
        var (code, _, err) = Run("embed", "--model", Model, "--input", Input("one\ntwo\n"), "--output", output);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal(32, l.Split(',').Length));
    }

    [Theory]
    [InlineData("emb.txt", "--pooling", "mean", "must end in .npy or .csv")]
    [InlineData("emb.npy", "--pooling", "max", "--pooling: unknown value 'max'")]
    [InlineData("emb.npy", "--pooling", "last_layer_trainable", "trainable weights")]
    [InlineData("emb.npy", "--attention", "sideways", "--attention: unknown value 'sideways'")]
    public void RejectsBadOptions(string output, string option, string value, string message)
    {
        var (code, _, err) = Run("embed", "--model", Model, "--input", Input("x\n"), "--output", Path.Combine(_dir, output), option, value);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void RejectsMissingOrEmptyInputAndMissingModel()
    {
        var output = Path.Combine(_dir, "e.npy");
        Assert.Contains("file not found", Run("embed", "--model", Model, "--input", Path.Combine(_dir, "none.txt"), "--output", output).Err);
        Assert.Contains("has no lines", Run("embed", "--model", Model, "--input", Input(""), "--output", output).Err);
        var (code, _, err) = Run("embed", "--model", Path.Combine(_dir, "nomodel"), "--input", Input("x"), "--output", output);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("folder not found", err);
        Assert.False(File.Exists(output));
    }
}
