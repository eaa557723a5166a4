namespace Spar.Util;

/// <summary>
/// One image a record names is missing, unreadable or cannot be decoded. A fault of that record, not of the run:
/// commands that read many records (draw, export, show, bench build) skip the record, name it, count it and exit 1,
/// where any other <see cref="SparException"/> stops the run with exit 2.
/// </summary>
public class UnreadableImageException(string message, Exception? inner = null) : SparException(message, inner);
