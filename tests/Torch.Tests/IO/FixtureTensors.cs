using System.Text.Json;
using Ablation.Tests.Shared;
using Ablation.Torch;
using Ablation.Torch.IO;

namespace Ablation.Torch.Tests.IO;

/// <summary>One tensor as described by the fixture JSON that make_safetensors_fixtures.py wrote.</summary>
internal sealed record FixtureTensor(string Name, ScalarType Dtype, long[] Shape, JsonElement Entry)
{
    public double[] Values => Entry.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
    public long[] Integers => Entry.GetProperty("values").EnumerateArray().Select(v => v.GetInt64()).ToArray();
    public bool[] Booleans => Entry.GetProperty("values").EnumerateArray().Select(v => v.GetBoolean()).ToArray();
    public ushort[] Bits => Entry.GetProperty("bits").EnumerateArray().Select(v => (ushort)v.GetInt32()).ToArray();

    /// <summary>The tensor's expected little-endian bytes, built from the JSON values (not from our writer).</summary>
    public SafetensorsEntry ToEntry() => Dtype switch
    {
        ScalarType.Float32 => SafetensorsEntry.FromArray(Name, Dtype, Shape, Values.Select(v => (float)v).ToArray()),
        ScalarType.Float64 => SafetensorsEntry.FromArray(Name, Dtype, Shape, Values),
        ScalarType.Float16 or ScalarType.BFloat16 => SafetensorsEntry.FromArray(Name, Dtype, Shape, Bits),
        ScalarType.Int64 => SafetensorsEntry.FromArray(Name, Dtype, Shape, Integers),
        ScalarType.Int32 => SafetensorsEntry.FromArray(Name, Dtype, Shape, Integers.Select(v => (int)v).ToArray()),
        ScalarType.Int16 => SafetensorsEntry.FromArray(Name, Dtype, Shape, Integers.Select(v => (short)v).ToArray()),
        ScalarType.Int8 => SafetensorsEntry.FromArray(Name, Dtype, Shape, Integers.Select(v => (sbyte)v).ToArray()),
        ScalarType.UInt8 => SafetensorsEntry.FromArray(Name, Dtype, Shape, Integers.Select(v => (byte)v).ToArray()),
        ScalarType.Bool => SafetensorsEntry.FromArray(Name, Dtype, Shape, Booleans),
        _ => throw new InvalidOperationException($"fixture dtype {Dtype}"),
    };

    /// <summary>Asserts that <paramref name="reader"/> returns exactly the fixture's values for this tensor.</summary>
    public void AssertMatches(Func<string, SafetensorsTensorInfo> info, Func<string, byte[]> bytes, Func<string, float[]> singles)
    {
        var actual = info(Name);
        Assert.Equal(Dtype, actual.Dtype);
        Assert.Equal(Shape, actual.Shape);
        var raw = bytes(Name);
        switch (Dtype)
        {
            case ScalarType.Float32:
                Assert.Equal(Values.Select(v => (float)v), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray());
                break;
            case ScalarType.Float64:
                Assert.Equal(Values, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(raw).ToArray());
                break;
            case ScalarType.Float16 or ScalarType.BFloat16:
                Assert.Equal(Bits, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(raw).ToArray());
                Assert.Equal(Values.Select(v => (float)v), singles(Name));
                break;
            case ScalarType.Int64:
                Assert.Equal(Integers, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(raw).ToArray());
                break;
            case ScalarType.Int32:
                Assert.Equal(Integers.Select(v => (int)v), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(raw).ToArray());
                break;
            case ScalarType.Int16:
                Assert.Equal(Integers.Select(v => (short)v), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(raw).ToArray());
                break;
            case ScalarType.Int8:
                Assert.Equal(Integers.Select(v => (sbyte)v), raw.Select(b => (sbyte)b));
                break;
            case ScalarType.UInt8:
                Assert.Equal(Integers.Select(v => (byte)v), raw);
                break;
            case ScalarType.Bool:
                Assert.Equal(Booleans, raw.Select(b => b != 0));
                break;
        }
    }

    public static (IReadOnlyList<FixtureTensor> Tensors, Dictionary<string, string> Metadata, JsonElement Root) Load(string fixtureJson)
    {
        var root = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("safetensors", fixtureJson))).RootElement;
        var tensors = root.GetProperty("tensors").EnumerateArray().Select(t =>
        {
            Assert.True(SafetensorsDtype.TryParse(t.GetProperty("dtype").GetString()!, out var dtype));
            return new FixtureTensor(t.GetProperty("name").GetString()!, dtype,
                t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(), t);
        }).ToList();
        var metadata = root.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return (tensors, metadata, root);
    }
}

/// <summary>A temporary folder removed when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ablation-st-{Guid.NewGuid():N}");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
