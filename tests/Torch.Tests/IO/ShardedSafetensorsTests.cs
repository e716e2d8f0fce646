using Ablation.Tests.Shared;
using Ablation.Torch.IO;

namespace Ablation.Torch.Tests.IO;

/// <summary>Sharded checkpoints against the transformers-layout folder written by the python fixture script.</summary>
public class ShardedSafetensorsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Reference => RepoPaths.Fixture("safetensors", "sharded");

    [Fact]
    public void Reads_the_python_written_shards_through_the_folder_or_the_index()
    {
        var (tensors, _, _) = FixtureTensor.Load("sharded.json");
        foreach (var source in new[] { Reference, Path.Combine(Reference, SafetensorsIndex.FileName) })
        {
            using var reader = ShardedSafetensorsReader.Open(source);
            Assert.Equal(4, reader.Files.Count);
            Assert.Equal("pt", reader.Metadata["format"]);
            Assert.Equal(tensors.Select(t => t.Name).Order(), reader.Tensors.Select(t => t.Name).Order());
            foreach (var t in tensors)
                t.AssertMatches(reader.Info, reader.ReadBytes, reader.ReadAsSingle);
            Assert.EndsWith("model-00003-of-00004.safetensors", reader.FileOf("big.weight").Path);
        }
    }

    [Fact]
    public void Writes_shards_and_index_byte_identical_to_the_reference()
    {
        var (tensors, metadata, root) = FixtureTensor.Load("sharded.json");
        long max = root.GetProperty("max_shard_bytes").GetInt64();
        var written = ShardedSafetensorsWriter.Write(_folder.Path, tensors.Select(t => t.ToEntry()), max, metadata);

        var expected = Directory.GetFiles(Reference).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(expected, Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order().ToList());
        Assert.Equal(expected.Count, written.Count);
        foreach (var name in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(Reference, name)).SequenceEqual(File.ReadAllBytes(_folder.File(name!))), $"{name} differs");
    }

    [Fact]
    public void A_checkpoint_that_fits_is_one_file_and_a_resave_removes_stale_shards()
    {
        var (tensors, metadata, _) = FixtureTensor.Load("sharded.json");
        ShardedSafetensorsWriter.Write(_folder.Path, tensors.Select(t => t.ToEntry()), 100, metadata);
        File.WriteAllText(_folder.File("config.json"), "{}");

        var written = ShardedSafetensorsWriter.Write(_folder.Path, tensors.Select(t => t.ToEntry()), metadata: metadata);
        Assert.Equal([_folder.File("model.safetensors")], written);
        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order().ToArray());

        using var reader = ShardedSafetensorsReader.Open(_folder.Path);
        Assert.Single(reader.Files);
        foreach (var t in tensors)
            t.AssertMatches(reader.Info, reader.ReadBytes, reader.ReadAsSingle);
    }

    [Fact]
    public void Plan_keeps_order_and_gives_an_oversized_tensor_its_own_shard()
    {
        SafetensorsEntry E(string name, long n) => SafetensorsEntry.FromBytes(name, ScalarType.UInt8, [n], new byte[n]);
        var plan = ShardedSafetensorsWriter.Plan([E("a", 40), E("b", 60), E("c", 1), E("d", 250), E("e", 99), E("f", 2)], 100);
        Assert.Equal(["a,b", "c", "d", "e", "f"], plan.Select(s => string.Join(",", s.Select(e => e.Name))));
    }

    [Fact]
    public void An_index_pointing_at_a_missing_shard_names_the_index_and_the_tensor()
    {
        CopyReference();
        File.Delete(_folder.File("model-00002-of-00004.safetensors"));
        var ex = Assert.Throws<SafetensorsFormatException>(() => ShardedSafetensorsReader.Open(_folder.Path));
        Assert.Contains(SafetensorsIndex.FileName, ex.Message);
        Assert.Contains("model-00002-of-00004.safetensors", ex.Message);
        Assert.StartsWith("layers.0.proj.", ex.Key);
    }

    [Fact]
    public void An_index_placing_a_tensor_in_the_wrong_shard_names_it()
    {
        CopyReference();
        string index = _folder.File(SafetensorsIndex.FileName);
        File.WriteAllText(index, File.ReadAllText(index).Replace(
            "\"positions\": \"model-00004-of-00004.safetensors\"", "\"positions\": \"model-00001-of-00004.safetensors\""));
        var ex = Assert.Throws<SafetensorsFormatException>(() => ShardedSafetensorsReader.Open(_folder.Path));
        Assert.Equal("positions", ex.Key);
        Assert.Contains("model-00001-of-00004.safetensors", ex.Message);
    }

    [Fact]
    public void An_index_may_not_point_outside_its_folder()
    {
        CopyReference();
        string index = _folder.File(SafetensorsIndex.FileName);
        File.WriteAllText(index, File.ReadAllText(index).Replace(
            "\"positions\": \"model-00004-of-00004.safetensors\"", "\"positions\": \"../model-00004-of-00004.safetensors\""));
        var ex = Assert.Throws<SafetensorsFormatException>(() => ShardedSafetensorsReader.Open(_folder.Path));
        Assert.Equal("positions", ex.Key);
        Assert.Contains("plain file name", ex.Message);
    }

    [Fact]
    public void A_folder_without_a_checkpoint_says_what_it_expected()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ShardedSafetensorsReader.Open(_folder.Path));
        Assert.Contains("model.safetensors", ex.Message);
        Assert.Throws<FileNotFoundException>(() => ShardedSafetensorsReader.Open(_folder.File("missing.safetensors")));
    }

    [Fact]
    public void Streaming_many_megabytes_allocates_little()
    {
        const int tensors = 12, bytesPerTensor = 4 << 20; // 48 MB of data
        var chunk = new byte[64 << 10];
        var entries = Enumerable.Range(0, tensors).Select(i => new SafetensorsEntry($"w.{i:00}", ScalarType.Float32, [bytesPerTensor / 4], s =>
        {
            for (int written = 0; written < bytesPerTensor; written += chunk.Length)
            {
                chunk.AsSpan().Fill((byte)i);
                s.Write(chunk);
            }
        })).ToList();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var files = ShardedSafetensorsWriter.Write(_folder.Path, entries, maxShardBytes: 20 << 20);
        long writing = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(4, files.Count); // 3 shards of at most 4 tensors + index

        before = GC.GetAllocatedBytesForCurrentThread();
        using (var reader = ShardedSafetensorsReader.Open(_folder.Path))
        {
            foreach (var info in reader.Tensors)
            {
                using var stream = reader.OpenTensorStream(info.Name);
                int read, total = 0;
                byte expected = byte.Parse(info.Name[2..]);
                while ((read = stream.Read(chunk)) > 0)
                {
                    Assert.True(chunk.AsSpan(0, read).IndexOfAnyExcept(expected) < 0, info.Name);
                    total += read;
                }
                Assert.Equal(bytesPerTensor, total);
            }
        }
        long reading = GC.GetAllocatedBytesForCurrentThread() - before;
        // Holding even one tensor in memory would cost 4 MB; the whole checkpoint 48 MB.
        Assert.True(writing < 3 << 20, $"writing allocated {writing} bytes");
        Assert.True(reading < 2 << 20, $"reading allocated {reading} bytes");
    }

    private void CopyReference()
    {
        foreach (var file in Directory.GetFiles(Reference))
            File.Copy(file, _folder.File(Path.GetFileName(file)));
    }
}
