using Spectre.Console;

namespace Spar.Cli;

static class Render
{
    /// <summary>A Spectre console writing to the given writer (colour only on a real terminal).</summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        var output = new AnsiConsoleOutput(writer);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            // Piped or captured output is not wrapped at 80 columns: a message's file:line must stay on one line for grep.
            Out = output.IsTerminal ? output : new Unwrapped(output),
            Ansi = writer == System.Console.Out && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
        });
    }

    sealed class Unwrapped(IAnsiConsoleOutput inner) : IAnsiConsoleOutput
    {
        public TextWriter Writer => inner.Writer;
        public bool IsTerminal => false;
        public int Width => 4096;
        public int Height => inner.Height;
        public void SetEncoding(System.Text.Encoding encoding) => inner.SetEncoding(encoding);
    }
}
