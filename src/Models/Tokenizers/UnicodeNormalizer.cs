using System.Runtime.InteropServices;
using System.Text;

namespace Ablation.Models.Tokenizers;

/// <summary>
/// NFC/NFD/NFKC/NFKD that works although the project runs with <c>InvariantGlobalization</c> (where
/// <see cref="string.Normalize(NormalizationForm)"/> silently returns its input unchanged). Calls the system ICU
/// (<c>libicuuc</c>, the library .NET itself uses on Linux; its exports carry a version suffix such as <c>_72</c>).
/// ASCII text never reaches ICU.
/// </summary>
public static class UnicodeNormalizer
{
    private delegate IntPtr GetInstance(out int errorCode);
    private delegate int Normalize(IntPtr normalizer, IntPtr src, int length, IntPtr dest, int capacity, out int errorCode);

    private static readonly Lazy<Icu> IcuLazy = new(Icu.Load);

    /// <summary>Normalises <paramref name="text"/> to <paramref name="form"/>.</summary>
    public static string Apply(string text, NormalizationForm form)
    {
        if (IsAscii(text)) return text;  // every normal form leaves ASCII unchanged
        return IcuLazy.Value.Run(text, form);
    }

    private static bool IsAscii(string s)
    {
        foreach (char c in s) if (c >= 0x80) return false;
        return true;
    }

    private sealed class Icu
    {
        private readonly Dictionary<NormalizationForm, IntPtr> _instances = new();
        private Normalize _normalize = null!;

        public static Icu Load()
        {
            var icu = new Icu();
            IntPtr lib = IntPtr.Zero;
            string? loaded = null;
            foreach (string name in CandidateLibraries())
                if (NativeLibrary.TryLoad(name, out lib)) { loaded = name; break; }
            if (loaded == null)
                throw new InvalidOperationException(
                    "Unicode normalisation (a tokenizer declares NFC/NFKC) needs the ICU library libicuuc, which was not found; install it (Debian: apt-get install libicu72).");
            string? suffix = FindSuffix(lib) ?? throw new InvalidOperationException($"{loaded} has no unorm2_normalize export; cannot normalise text");
            icu._normalize = Marshal.GetDelegateForFunctionPointer<Normalize>(NativeLibrary.GetExport(lib, "unorm2_normalize" + suffix));
            foreach (var (form, fn) in new[] { (NormalizationForm.FormC, "unorm2_getNFCInstance"), (NormalizationForm.FormD, "unorm2_getNFDInstance"),
                         (NormalizationForm.FormKC, "unorm2_getNFKCInstance"), (NormalizationForm.FormKD, "unorm2_getNFKDInstance") })
            {
                var get = Marshal.GetDelegateForFunctionPointer<GetInstance>(NativeLibrary.GetExport(lib, fn + suffix));
                IntPtr inst = get(out int err);
                if (err > 0 || inst == IntPtr.Zero) throw new InvalidOperationException($"ICU {fn} failed with error {err}");
                icu._instances[form] = inst;
            }
            return icu;
        }

        private static IEnumerable<string> CandidateLibraries()
        {
            yield return "libicuuc.so";
            for (int v = 90; v >= 50; v--) yield return $"libicuuc.so.{v}";
        }

        private static string? FindSuffix(IntPtr lib)
        {
            if (NativeLibrary.TryGetExport(lib, "unorm2_normalize", out _)) return "";
            for (int v = 90; v >= 50; v--)
                if (NativeLibrary.TryGetExport(lib, $"unorm2_normalize_{v}", out _)) return $"_{v}";
            return null;
        }

        public string Run(string text, NormalizationForm form)
        {
            IntPtr inst = _instances[form];
            char[] source = text.ToCharArray();
            int capacity = text.Length * 3 + 16;  // NFKC can expand; retried below when ICU says it needs more
            for (int attempt = 0; attempt < 2; attempt++)
            {
                char[] buffer = new char[capacity];
                var src = GCHandle.Alloc(source, GCHandleType.Pinned);
                var dst = GCHandle.Alloc(buffer, GCHandleType.Pinned);
                try
                {
                    int n = _normalize(inst, src.AddrOfPinnedObject(), source.Length, dst.AddrOfPinnedObject(), capacity, out int err);
                    if (err == 15 /* U_BUFFER_OVERFLOW_ERROR */) { capacity = n + 1; continue; }
                    if (err > 0) throw new InvalidOperationException($"ICU normalisation failed with error {err}");
                    return new string(buffer, 0, n);
                }
                finally
                {
                    src.Free();
                    dst.Free();
                }
            }
            throw new InvalidOperationException("ICU normalisation kept asking for a larger buffer");
        }
    }
}
