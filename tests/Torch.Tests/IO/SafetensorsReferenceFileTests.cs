using Ablation.Tests.Shared;
using Ablation.Torch.IO;

namespace Ablation.Torch.Tests.IO;

/// <summary>
/// Our reader and writer against files written independently by numpy/torch (fixtures/safetensors/
/// make_safetensors_fixtures.py) and against the byte vectors published in huggingface/safetensors' own tests.
/// </summary>
public class SafetensorsReferenceFileTests
{
    private static string MixedFile => RepoPaths.Fixture("safetensors", "mixed.safetensors");

    [Fact]
    public void Reads_every_dtype_of_the_python_written_file()
    {
        var (tensors, metadata, _) = FixtureTensor.Load("mixed.json");
        using var file = SafetensorsFile.Open(MixedFile);

        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(tensors.Select(t => t.Name).Order(), file.Tensors.Select(t => t.Name).Order());
        foreach (var t in tensors)
            t.AssertMatches(file.Info, file.ReadBytes, file.ReadAsSingle);
        Assert.Empty(file.Info("scalar").Shape);
        Assert.Equal(1, file.Info("scalar").ElementCount);
        Assert.Equal(0, file.Info("empty").ByteLength);
    }

    [Fact]
    public void Writer_output_is_byte_identical_to_the_python_written_file()
    {
        var (tensors, metadata, _) = FixtureTensor.Load("mixed.json");
        var stream = new MemoryStream();
        // The fixture lists tensors in an arbitrary order; the writer must sort them as the reference does.
        SafetensorsWriter.Write(stream, tensors.Select(t => t.ToEntry()), metadata);
        Assert.Equal(File.ReadAllBytes(MixedFile), stream.ToArray());
    }

    [Fact]
    public void Writing_to_a_path_is_atomic_and_byte_identical()
    {
        var (tensors, metadata, _) = FixtureTensor.Load("mixed.json");
        using var folder = new TempFolder();
        string path = folder.File("out.safetensors");
        File.WriteAllText(path, "old content");
        SafetensorsWriter.Write(path, tensors.Select(t => t.ToEntry()), metadata);
        Assert.Equal(File.ReadAllBytes(MixedFile), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.Path)); // no temporary file left behind
    }

    [Fact]
    public void Float_values_stored_as_bf16_and_f16_round_like_torch_and_numpy()
    {
        var (tensors, _, _) = FixtureTensor.Load("mixed.json");
        using var folder = new TempFolder();
        foreach (var t in tensors.Where(t => t.Dtype is ScalarType.BFloat16 or ScalarType.Float16))
        {
            string path = folder.File($"{t.Dtype}.safetensors");
            SafetensorsWriter.Write(path, [SafetensorsEntry.FromSingles("v", t.Dtype, t.Shape, t.Values.Select(v => (float)v).ToArray())]);
            using var file = SafetensorsFile.Open(path);
            Assert.Equal(t.Bits, file.Read<ushort>("v"));
        }
    }

    // huggingface/safetensors, safetensors/src/tensor.rs, test_serialization: one F32 tensor "attn.0" of shape
    // [1, 2, 3] holding 0..5 serialises to exactly these bytes.
    private static readonly byte[] PublishedAttn0 =
    [
        64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
        116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
        58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
        101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
        0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ];

    // Same file, test_empty: no tensors, metadata {"framework": "pt"}.
    private static readonly byte[] PublishedEmptyWithMetadata =
    [
        40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
        95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
        116, 34, 125, 125, 32, 32, 32, 32, 32,
    ];

    [Fact]
    public void Matches_the_byte_vectors_published_in_the_reference_tests()
    {
        var attn = new MemoryStream();
        SafetensorsWriter.Write(attn, [SafetensorsEntry.FromArray("attn.0", ScalarType.Float32, [1, 2, 3], new float[] { 0, 1, 2, 3, 4, 5 })]);
        Assert.Equal(PublishedAttn0, attn.ToArray());

        var empty = new MemoryStream();
        SafetensorsWriter.Write(empty, [], new Dictionary<string, string> { ["framework"] = "pt" });
        Assert.Equal(PublishedEmptyWithMetadata, empty.ToArray());

        var none = new MemoryStream();
        SafetensorsWriter.Write(none, []);
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32 }, none.ToArray());
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Bool)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Int8)]
    [InlineData(ScalarType.UInt8)]
    [InlineData(ScalarType.Int16)]
    public void Round_trip_is_bit_exact_for_each_dtype(ScalarType dtype)
    {
        var random = new Random(17 + (int)dtype);
        long[] shape = [3, 5, 7];
        var bytes = new byte[105 * dtype.ElementSize()];
        random.NextBytes(bytes);
        if (dtype == ScalarType.Bool)
            for (int i = 0; i < bytes.Length; i++) bytes[i] &= 1;
        var other = new byte[11 * 8];
        random.NextBytes(other);

        using var folder = new TempFolder();
        string path = folder.File("rt.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsEntry.FromBytes("x", dtype, shape, bytes), SafetensorsEntry.FromBytes("y", ScalarType.Int64, [11], other)]);

        using var file = SafetensorsFile.Open(path);
        Assert.Equal(dtype, file.Info("x").Dtype);
        Assert.Equal(shape, file.Info("x").Shape);
        Assert.Equal(bytes, file.ReadBytes("x"));
        Assert.Equal(other, file.ReadBytes("y"));
        using var stream = file.OpenTensorStream("x");
        var streamed = new MemoryStream();
        stream.CopyTo(streamed, 7); // odd buffer size: exercises partial reads
        Assert.Equal(bytes, streamed.ToArray());
    }
}
