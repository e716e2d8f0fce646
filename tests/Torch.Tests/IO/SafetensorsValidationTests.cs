using System.Text;
using Ablation.Tests.Shared;
using Ablation.Torch.IO;

namespace Ablation.Torch.Tests.IO;

/// <summary>Truncated, corrupt and inconsistent files give a clear error naming the file and the tensor.</summary>
public class SafetensorsValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteRaw(string header, int dataBytes, ulong? lengthField = null)
    {
        string path = _folder.File($"{Guid.NewGuid():N}.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes(lengthField ?? (ulong)json.Length));
        stream.Write(json);
        stream.Write(new byte[dataBytes]);
        return path;
    }

    private static SafetensorsFormatException Rejects(string path)
    {
        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains(path, ex.Message);
        Assert.Equal(path, ex.File);
        return ex;
    }

    [Fact]
    public void A_file_shorter_than_the_length_field_is_truncated()
    {
        string path = _folder.File("tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("truncated", Rejects(path).Message);
    }

    [Fact]
    public void A_header_longer_than_the_file_is_truncated()
    {
        var ex = Rejects(WriteRaw("{}", 0, lengthField: 4096));
        Assert.Contains("4096", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void An_absurd_header_length_is_rejected_before_allocating()
    {
        var ex = Rejects(WriteRaw("{}", 0, lengthField: ulong.MaxValue));
        Assert.Contains("limit", ex.Message);
    }

    [Fact]
    public void Truncated_data_names_the_tensor_that_is_cut_off()
    {
        string path = _folder.File("cut.safetensors");
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("safetensors", "mixed.safetensors"));
        File.WriteAllBytes(path, bytes[..^3]);
        var ex = Rejects(path);
        Assert.Equal("mask", ex.Key); // the BOOL tensor is stored last
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("'mask'", ex.Message);
    }

    [Fact]
    public void Overlapping_offsets_name_both_tensors()
    {
        var ex = Rejects(WriteRaw(
            """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12));
        Assert.Equal("b", ex.Key);
        Assert.Contains("overlap", ex.Message);
        Assert.Contains("'a'", ex.Message);
    }

    [Fact]
    public void A_gap_between_tensors_is_rejected()
    {
        var ex = Rejects(WriteRaw(
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12));
        Assert.Equal("b", ex.Key);
        Assert.Contains("gap", ex.Message);
    }

    [Fact]
    public void Offsets_beyond_the_file_are_rejected()
    {
        var ex = Rejects(WriteRaw("""{"w":{"dtype":"I64","shape":[4],"data_offsets":[0,32]}}""", 16));
        Assert.Equal("w", ex.Key);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Bytes_after_the_last_tensor_are_rejected()
    {
        var ex = Rejects(WriteRaw("""{"w":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}""", 9));
        Assert.Contains("5 bytes after", ex.Message);
    }

    [Fact]
    public void An_unknown_dtype_is_named_with_the_supported_ones()
    {
        var ex = Rejects(WriteRaw("""{"q":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}""", 2));
        Assert.Equal("q", ex.Key);
        Assert.Contains("F8_E4M3", ex.Message);
        Assert.Contains("BF16", ex.Message);
    }

    [Fact]
    public void A_shape_that_disagrees_with_the_offsets_is_rejected()
    {
        var ex = Rejects(WriteRaw("""{"m":{"dtype":"F16","shape":[3,3],"data_offsets":[0,16]}}""", 16));
        Assert.Equal("m", ex.Key);
        Assert.Contains("needs 18 bytes", ex.Message);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", "non-negative")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}""", "exactly")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""", "end before")]
    [InlineData("""{"a":{"shape":[1],"data_offsets":[0,4]}}""", "dtype")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "twice")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}""", "too large")]
    public void Malformed_tensor_entries_name_the_key(string header, string expected)
    {
        var ex = Rejects(WriteRaw(header, 8));
        Assert.Equal("a", ex.Key);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("{\"a\":", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"__metadata__":{"x":1}}""", "must be a string")]
    public void Malformed_headers_are_rejected(string header, string expected)
    {
        Assert.Contains(expected, Rejects(WriteRaw(header, 0)).Message);
    }

    [Fact]
    public void Invalid_utf8_in_the_header_is_rejected()
    {
        string path = _folder.File("utf8.safetensors");
        File.WriteAllBytes(path, [4, 0, 0, 0, 0, 0, 0, 0, (byte)'{', 0xC3, 0x28, (byte)'}']);
        Assert.Contains("UTF-8", Rejects(path).Message);
    }

    [Fact]
    public void Asking_for_a_missing_tensor_names_the_file()
    {
        string path = RepoPaths.Fixture("safetensors", "mixed.safetensors");
        using var file = SafetensorsFile.Open(path);
        var ex = Assert.Throws<KeyNotFoundException>(() => file.Info("nope"));
        Assert.Contains(path, ex.Message);
        Assert.Contains("'nope'", ex.Message);
        Assert.Throws<ArgumentException>(() => file.Read<float>("ids")); // I64 read as 4-byte floats
        Assert.Throws<InvalidOperationException>(() => file.ReadAsSingle("counts"));
    }

    [Fact]
    public void The_writer_rejects_duplicates_and_wrong_data_lengths_without_leaving_a_file()
    {
        string path = _folder.File("bad.safetensors");
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path,
            [SafetensorsEntry.FromArray("x", ScalarType.Float32, [1], new float[1]), SafetensorsEntry.FromArray("x", ScalarType.Float32, [1], new float[1])]));
        var ex = Assert.Throws<InvalidDataException>(() => SafetensorsWriter.Write(path,
            [new SafetensorsEntry("short", ScalarType.Float32, [4], s => s.Write(new byte[12]))]));
        Assert.Contains("'short'", ex.Message);
        Assert.Contains("16", ex.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
        Assert.Throws<ArgumentException>(() => SafetensorsEntry.FromArray("x", ScalarType.Float32, [3], new float[2]));
        Assert.Throws<ArgumentException>(() => SafetensorsEntry.FromArray("x", ScalarType.BFloat16, [2], new float[2]));
        Assert.Throws<ArgumentException>(() => SafetensorsEntry.FromArray("__metadata__", ScalarType.Float32, [1], new float[1]));
    }
}
