using Ablation.Tests.Shared;
using Ablation.Torch.IO;
using Ablation.Torch.Nn;

namespace Ablation.Torch.Tests.IO;

/// <summary>Tensor and Module glue: bit-exact round trips (including bf16 and sharded folders), loading the
/// independently written fixture files into tensors, and strict-mode key errors.</summary>
public class SafetensorsCheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class TinyNet : Module
    {
        public TinyNet(ulong seed, int layers = 2, ScalarType dtype = ScalarType.Float32)
        {
            using var generator = new Generator(seed);
            embed = register_module("embed", new Embedding(11, 8, generator: generator, dtype: dtype));
            this.layers = register_module("layers", new ModuleList<Linear>(
                Enumerable.Range(0, layers).Select(_ => new Linear(8, 8, generator: generator, dtype: dtype))));
            norm = register_module("norm", new RMSNorm(8, dtype: dtype));
            steps = register_buffer("steps", torch.tensor([(long)seed, 42L]));
        }

        public Embedding embed { get; }
        public ModuleList<Linear> layers { get; }
        public RMSNorm norm { get; }
        public Tensor steps { get; }
    }

    private static void AssertSameState(Module expected, Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (name, t) in a)
        {
            Assert.Equal(t.dtype, b[name].dtype);
            Assert.Equal(t.shape, b[name].shape);
            Assert.True(t.bytes().SequenceEqual(b[name].bytes()), $"{name} differs");
        }
    }

    [Fact]
    public void Tensors_of_every_dtype_round_trip_bit_exactly()
    {
        using var scope = torch.NewDisposeScope();
        var source = new Dictionary<string, Tensor>
        {
            ["f32"] = torch.randn([3, 4]),
            ["f16"] = torch.randn([5]).half(),
            ["bf16"] = torch.randn([2, 3, 2]).bfloat16(),
            ["i64"] = torch.tensor([long.MinValue, 0L, long.MaxValue]),
            ["i32"] = torch.tensor([int.MinValue, 7, int.MaxValue]),
            ["mask"] = torch.tensor([true, false, true]),
            ["scalar"] = torch.tensor(1.25f),
            ["strided"] = torch.randn([4, 3]).transpose(0, 1), // non-contiguous: written in row-major order
        };
        string path = _folder.File("all.safetensors");
        SafetensorsCheckpoint.Save(path, source.Select(kv => (kv.Key, kv.Value)), new Dictionary<string, string> { ["step"] = "12" });

        var loaded = SafetensorsCheckpoint.Load(path);
        Assert.Equal(source.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in source)
        {
            Assert.Equal(t.dtype, loaded[name].dtype);
            Assert.Equal(t.shape, loaded[name].shape);
            Assert.Equal(t.bytes(), loaded[name].bytes());
        }
        using var file = SafetensorsFile.Open(path);
        Assert.Equal("12", file.Metadata["step"]);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void The_python_written_file_loads_into_tensors_with_the_reference_values()
    {
        using var scope = torch.NewDisposeScope();
        var (expected, _, _) = FixtureTensor.Load("mixed.json");
        var loaded = SafetensorsCheckpoint.Load(RepoPaths.Fixture("safetensors", "mixed.safetensors"));
        foreach (var t in expected)
            t.AssertMatches(n => new SafetensorsTensorInfo(n, loaded[n].dtype, loaded[n].shape, 0, 0), n => loaded[n].bytes(),
                n => loaded[n].to(ScalarType.Float32).data<float>());

        var asFloat = SafetensorsCheckpoint.Load(RepoPaths.Fixture("safetensors", "mixed.safetensors"), dtype: ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, asFloat["brain"].dtype);
        Assert.Equal(expected.Single(t => t.Name == "brain").Values.Select(v => (float)v), asFloat["brain"].data<float>());
        Assert.Equal(ScalarType.Int64, asFloat["ids"].dtype); // integers keep their type
        Assert.Equal(ScalarType.Bool, asFloat["mask"].dtype);
    }

    [Fact]
    public void A_module_round_trips_through_a_file_in_bf16()
    {
        using var scope = torch.NewDisposeScope();
        using var saved = new TinyNet(1, dtype: ScalarType.BFloat16);
        using var restored = new TinyNet(2, dtype: ScalarType.BFloat16);
        string path = _folder.File("model.safetensors");
        saved.save_safetensors(path);

        var parameter = restored.layers[0].weight; // identity must survive loading (optimizers hold it)
        var (missing, unexpected) = restored.load_safetensors(path);
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        AssertSameState(saved, restored);
        Assert.Same(parameter, restored.layers[0].weight);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(ScalarType.BFloat16, file.Info("layers.1.weight").Dtype);
        Assert.Equal(ScalarType.Int64, file.Info("steps").Dtype);
    }

    [Fact]
    public void A_module_round_trips_through_a_sharded_folder()
    {
        using var scope = torch.NewDisposeScope();
        using var saved = new TinyNet(3, layers: 4);
        using var restored = new TinyNet(4, layers: 4);
        string folder = Path.Combine(_folder.Path, "ckpt");
        saved.save_safetensors(folder, maxShardBytes: 600); // each 8×8 f32 weight is 256 bytes

        var shards = Directory.GetFiles(folder, "model-*-of-*.safetensors");
        Assert.True(shards.Length >= 3, $"{shards.Length} shards");
        Assert.True(File.Exists(Path.Combine(folder, SafetensorsIndex.FileName)));
        restored.load_safetensors(folder);
        AssertSameState(saved, restored);
    }

    [Fact]
    public void Strict_loading_names_the_missing_and_unexpected_keys_and_the_file()
    {
        using var scope = torch.NewDisposeScope();
        using var small = new TinyNet(5, layers: 1);
        using var large = new TinyNet(6, layers: 2);
        string path = _folder.File("small.safetensors");
        small.save_safetensors(path);

        var missing = Assert.Throws<SafetensorsFormatException>(() => large.load_safetensors(path));
        Assert.Contains(path, missing.Message);
        Assert.Contains("missing keys: 'layers.1.weight', 'layers.1.bias'", missing.Message);
        Assert.Equal("layers.1.weight", missing.Key);

        string bigPath = _folder.File("large.safetensors");
        large.save_safetensors(bigPath);
        var unexpected = Assert.Throws<SafetensorsFormatException>(() => small.load_safetensors(bigPath));
        Assert.Contains(bigPath, unexpected.Message);
        Assert.Contains("unexpected keys: ", unexpected.Message);
        Assert.Contains("'layers.1.weight'", unexpected.Message);
        Assert.Contains("'layers.1.bias'", unexpected.Message);

        var (m, u) = small.load_safetensors(bigPath, strict: false);
        Assert.Empty(m);
        Assert.Equal(["layers.1.bias", "layers.1.weight"], u.Order(StringComparer.Ordinal));
        Assert.True(small.layers[0].weight.bytes().SequenceEqual(large.layers[0].weight.bytes()));
    }

    [Fact]
    public void A_shape_mismatch_names_the_key_both_shapes_and_the_file()
    {
        using var scope = torch.NewDisposeScope();
        using var net = new TinyNet(7, layers: 1);
        string path = _folder.File("wrong.safetensors");
        var state = net.state_dict().Select(kv => (kv.Key, kv.Key == "norm.weight" ? torch.ones([9]) : kv.Value));
        SafetensorsCheckpoint.Save(path, state);
        var ex = Assert.Throws<SafetensorsFormatException>(() => net.load_safetensors(path));
        Assert.Equal("norm.weight", ex.Key);
        Assert.Contains("[9]", ex.Message);
        Assert.Contains("[8]", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData(ScalarType.Int32, 4096)]
    [InlineData(ScalarType.BFloat16, 1001)] // a chunk that is not a multiple of the element size
    [InlineData(ScalarType.Int64, 8)]
    public void Tensors_larger_than_the_copy_chunk_stream_through_in_pieces(ScalarType dtype, int chunkBytes)
    {
        using var scope = torch.NewDisposeScope();
        const long n = 10_007;
        var big = torch.arange(0, n, 1, ScalarType.Int32).to(dtype).view(1, n).expand(3, n).transpose(0, 1); // non-contiguous
        string path = _folder.File("big.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsCheckpoint.ToEntry("big", big, chunkBytes)]);
        Assert.Equal(big.bytes(), File.ReadAllBytes(path)[^(int)(3 * n * dtype.ElementSize())..]);

        using var reader = ShardedSafetensorsReader.Open(path);
        using var loaded = SafetensorsCheckpoint.ReadTensor(reader, "big", chunkBytes: chunkBytes);
        Assert.Equal(big.shape, loaded.shape);
        Assert.Equal(big.bytes(), loaded.bytes());
    }
}
