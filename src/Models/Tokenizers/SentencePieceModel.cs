using System.Text;

namespace Ablation.Models.Tokenizers;

/// <summary>Kind of a SentencePiece vocabulary entry (sentencepiece_model.proto, <c>SentencePiece.Type</c>).</summary>
public enum SentencePieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

/// <summary>
/// The parts of a SentencePiece <c>.model</c> file (a serialised <c>ModelProto</c>) that encoding needs, read with a
/// small protobuf wire-format reader instead of generated code. Field numbers from sentencepiece_model.proto:
/// ModelProto 1 = pieces, 2 = trainer_spec, 3 = normalizer_spec; SentencePiece 1 = piece, 2 = score, 3 = type;
/// TrainerSpec 3 = model_type, 35 = byte_fallback, 40–43 = unk/bos/eos/pad id; NormalizerSpec 1 = name,
/// 3 = add_dummy_prefix, 4 = remove_extra_whitespaces, 5 = escape_whitespaces.
/// </summary>
public sealed class SentencePieceModel
{
    /// <summary>(piece, score, type) in id order.</summary>
    public List<(string Piece, float Score, SentencePieceType Type)> Pieces { get; } = new();

    /// <summary>1 = unigram, 2 = BPE, 3 = word, 4 = char (proto default: unigram).</summary>
    public int ModelType { get; private set; } = 1;

    public bool ByteFallback { get; private set; }

    public int UnkId { get; private set; }

    public int BosId { get; private set; } = 1;

    public int EosId { get; private set; } = 2;

    public int PadId { get; private set; } = -1;

    public string NormalizerName { get; private set; } = "nmt_nfkc";

    public bool AddDummyPrefix { get; private set; } = true;

    public bool RemoveExtraWhitespaces { get; private set; } = true;

    public bool EscapeWhitespaces { get; private set; } = true;

    public static SentencePieceModel Load(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        var model = new SentencePieceModel();
        try
        {
            var r = new Reader(data, 0, data.Length);
            while (r.More)
            {
                var (field, wire) = r.Tag();
                switch (field)
                {
                    case 1 when wire == 2: model.ReadPiece(r.Sub()); break;
                    case 2 when wire == 2: model.ReadTrainerSpec(r.Sub()); break;
                    case 3 when wire == 2: model.ReadNormalizerSpec(r.Sub()); break;
                    default: r.Skip(wire); break;
                }
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or FormatException)
        {
            throw new FormatException($"{path}: not a SentencePiece model (protobuf ModelProto): {e.Message}", e);
        }
        if (model.Pieces.Count == 0) throw new FormatException($"{path}: the SentencePiece model holds no pieces");
        return model;
    }

    private void ReadPiece(Reader r)
    {
        string piece = "";
        float score = 0;
        var type = SentencePieceType.Normal;
        while (r.More)
        {
            var (field, wire) = r.Tag();
            if (field == 1 && wire == 2) piece = Encoding.UTF8.GetString(r.Bytes());
            else if (field == 2 && wire == 5) score = r.Float();
            else if (field == 3 && wire == 0) type = (SentencePieceType)(int)r.Varint();
            else r.Skip(wire);
        }
        Pieces.Add((piece, score, type));
    }

    private void ReadTrainerSpec(Reader r)
    {
        while (r.More)
        {
            var (field, wire) = r.Tag();
            if (wire != 0) { r.Skip(wire); continue; }
            long v = (long)r.Varint();
            switch (field)
            {
                case 3: ModelType = (int)v; break;
                case 35: ByteFallback = v != 0; break;
                case 40: UnkId = (int)v; break;
                case 41: BosId = (int)v; break;
                case 42: EosId = (int)v; break;
                case 43: PadId = (int)v; break;
            }
        }
    }

    private void ReadNormalizerSpec(Reader r)
    {
        while (r.More)
        {
            var (field, wire) = r.Tag();
            if (field == 1 && wire == 2) { NormalizerName = Encoding.UTF8.GetString(r.Bytes()); continue; }
            if (wire != 0) { r.Skip(wire); continue; }
            bool v = r.Varint() != 0;
            switch (field)
            {
                case 3: AddDummyPrefix = v; break;
                case 4: RemoveExtraWhitespaces = v; break;
                case 5: EscapeWhitespaces = v; break;
            }
        }
    }

    /// <summary>Protobuf wire format: varints, 32/64-bit fixed values and length-delimited fields.</summary>
    private sealed class Reader(byte[] data, int start, int end)
    {
        private int _pos = start;

        public bool More => _pos < end;

        public (int Field, int Wire) Tag()
        {
            ulong t = Varint();
            return ((int)(t >> 3), (int)(t & 7));
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_pos >= end) throw new FormatException("truncated varint");
                byte b = data[_pos++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return result;
            }
            throw new FormatException("varint longer than 10 bytes");
        }

        public float Float()
        {
            float f = BitConverter.ToSingle(data, _pos);  // little-endian on every platform .NET targets here
            _pos += 4;
            return f;
        }

        public byte[] Bytes()
        {
            int len = checked((int)Varint());
            if (_pos + len > end) throw new FormatException("length-delimited field runs past its message");
            var b = data.AsSpan(_pos, len).ToArray();
            _pos += len;
            return b;
        }

        public Reader Sub()
        {
            int len = checked((int)Varint());
            if (_pos + len > end) throw new FormatException("sub-message runs past its parent");
            var sub = new Reader(data, _pos, _pos + len);
            _pos += len;
            return sub;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _pos += 8; break;
                case 2: { int len = checked((int)Varint()); _pos += len; break; }  // read the length before moving _pos
                case 5: _pos += 4; break;
                default: throw new FormatException($"unsupported protobuf wire type {wire}");
            }
            if (_pos > end) throw new FormatException("field runs past its message");
        }
    }
}
