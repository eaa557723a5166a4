namespace Spar.Util;

/// <summary>A user-facing error: bad input or a bad argument. The CLI prints the message (no stack) and exits 2.</summary>
public class SparException(string message, Exception? inner = null) : Exception(message, inner);
