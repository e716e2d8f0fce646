namespace Ablation.Torch;

/// <summary>
/// An error reported by libtorch (shape mismatch, wrong dtype, out of memory, ...). The message is the first
/// line of libtorch's message; <see cref="NativeMessage"/> keeps all of it.
/// </summary>
public sealed class TorchException : Exception
{
    public TorchException(string message, string nativeMessage) : base(message) => NativeMessage = nativeMessage;

    /// <summary>libtorch's full message (may span several lines).</summary>
    public string NativeMessage { get; }

    internal static TorchException FromNative(string native)
    {
        var firstLine = native.Split('\n', 2)[0].Trim();
        if (firstLine.Length == 0) firstLine = "libtorch reported an error without a message";
        return new TorchException(firstLine, native);
    }
}
