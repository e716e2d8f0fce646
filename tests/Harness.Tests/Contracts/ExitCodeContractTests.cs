using Ablation.Harness.Cli;
using Ablation.Harness.Data;
using Ablation.Harness.IO;

namespace Ablation.Harness.Tests.Contracts;

/// <summary>Item 9: which failure gets which exit code, decided in ErrorReporter alone.</summary>
public class ExitCodeContractTests
{
    public static TheoryData<string, int> Mapping => new()
    {
        { nameof(UserInputException), ExitCodes.UserError },
        { nameof(DataFormatException), ExitCodes.UserError },
        { nameof(InvalidDataException), ExitCodes.UserError },
        { nameof(NonFiniteValueException), ExitCodes.UserError },
        { nameof(FileNotFoundException), ExitCodes.UserError },
        { nameof(IOException), ExitCodes.UserError },
        { nameof(UnauthorizedAccessException), ExitCodes.UserError },
        { nameof(ArgumentException), ExitCodes.Failure },
        { nameof(FormatException), ExitCodes.Failure },
        { nameof(InvalidOperationException), ExitCodes.Failure },
        { nameof(NullReferenceException), ExitCodes.Failure },
        { nameof(OperationCanceledException), ExitCodes.Interrupted },
    };

    private static Exception Make(string type) => type switch
    {
        nameof(UserInputException) => new UserInputException("x.csv line 3: bad"),
        nameof(DataFormatException) => new DataFormatException("data.noun", 7, "bad"),
        nameof(InvalidDataException) => new InvalidDataException("bad"),
        nameof(NonFiniteValueException) => new NonFiniteValueException("NaN"),
        nameof(FileNotFoundException) => new FileNotFoundException("gone"),
        nameof(IOException) => new IOException("cannot write /x: read-only file system"),
        nameof(UnauthorizedAccessException) => new UnauthorizedAccessException("denied"),
        nameof(ArgumentException) => new ArgumentException("internal misuse"),
        nameof(FormatException) => new FormatException("internal misuse"),
        nameof(InvalidOperationException) => new InvalidOperationException("bug"),
        nameof(NullReferenceException) => new NullReferenceException(),
        nameof(OperationCanceledException) => new OperationCanceledException(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    [Theory]
    [MemberData(nameof(Mapping))]
    public void Each_failure_kind_has_its_exit_code_and_only_internal_failures_show_a_trace(string type, int expected)
    {
        var stderr = new StringWriter();
        Exception error;
        try { throw Make(type); } catch (Exception e) { error = e; } // a real stack trace
        int code = ErrorReporter.Report(new AggregateException(error), stderr);
        Assert.Equal(expected, code);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (expected == ExitCodes.Failure)
        {
            Assert.Contains("internal failure", stderr.ToString());
            Assert.Contains(" at ", stderr.ToString());
        }
        else Assert.Single(lines);
    }

    [Fact]
    public void Out_of_memory_is_one_line_that_says_what_to_lower()
    {
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Failure, ErrorReporter.Report(new OutOfMemoryException(), stderr));
        Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--resamples", stderr.ToString());
    }

    [Theory]
    [InlineData("Cannot parse argument 'x' for option '--n' as expected type 'System.Int32'.", "as a whole number")]
    [InlineData("Cannot parse argument 'x' for option '--p' as expected type 'System.Double'.", "as a number")]
    [InlineData("Cannot parse argument 'x' for option '--s' as expected type 'System.UInt64'.", "not negative")]
    public void Parse_messages_never_show_dotnet_type_names(string message, string plain)
    {
        string text = ErrorReporter.Plain(message);
        Assert.DoesNotContain("System.", text);
        Assert.Contains(plain, text);
    }

    [Fact]
    public void Interruption_message_says_what_was_kept_and_how_to_resume()
    {
        Assert.Contains("run the same command again", Interruption.Message("SIGINT"));
        Assert.StartsWith("interrupted (SIGTERM): ", Interruption.Message("SIGTERM"));
        Assert.Equal(130, ExitCodes.Interrupted);
        Assert.Equal(143, ExitCodes.Terminated);
    }
}
