namespace Ablation.Harness.IO;

/// <summary>
/// A model produced NaN or ±Inf (an embedding, a loss, a gradient norm). Raised by <see cref="FiniteCheck"/>
/// before anything derived from the value is written, so no result file ever holds a score computed from
/// non-finite numbers. The message names the model and the first bad input; the CLI prints it as one line.
/// </summary>
public sealed class NonFiniteValueException : Exception
{
    public NonFiniteValueException(string message) : base(message) { }
}
