using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Ablation.Harness.IO;

/// <summary>
/// Writes a float32 matrix as a NumPy <c>.npy</c> file (format version 1.0): the magic <c>\x93NUMPY</c>, version
/// bytes 1 and 0, a little-endian uint16 header length, an ASCII Python-dict header
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (n, d), }</c> padded with spaces and ended by a newline
/// so that the data starts at a multiple of 64 bytes, then the row-major little-endian data.
/// </summary>
public static class NpyWriter
{
    /// <summary>Writes <paramref name="rows"/> (all of width <paramref name="dim"/>) to <paramref name="path"/> atomically.</summary>
    public static void WriteFloat32(string path, IReadOnlyList<float[]> rows, int dim) =>
        AtomicFile.Write(path, stream => WriteFloat32(stream, rows, dim));

    /// <summary>Writes the file's bytes to <paramref name="stream"/>.</summary>
    public static void WriteFloat32(Stream stream, IReadOnlyList<float[]> rows, int dim)
    {
        foreach (var r in rows)
            if (r.Length != dim) throw new ArgumentException($"every row must have {dim} values; one has {r.Length}");
        stream.Write(Header(rows.Count, dim));
        var buffer = new byte[dim * 4];
        foreach (var row in rows)
        {
            for (var j = 0; j < dim; j++)
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(j * 4), row[j]);
            stream.Write(buffer);
        }
    }

    /// <summary>The magic, version, length and padded header for a C-order float32 array of shape [n, d].</summary>
    public static byte[] Header(int n, int d)
    {
        var dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({n}, {d}), }}");
        const int preamble = 10; // magic (6) + version (2) + header length (2)
        var total = preamble + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var header = dict + new string(' ', padded - total) + "\n";
        var bytes = new byte[preamble + header.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY", bytes.AsSpan(1));
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(preamble));
        return bytes;
    }
}
