using Spar.Dataset;

namespace Spar.Bench.Build;

/// <summary>
/// Draws a record's markers (points, boxes) into one of its images, as SPAR-Bench images carry them in the pixels.
/// The real renderer lives in <c>Spar.Drawing</c> (markers branch) and is plugged in by the caller; <c>bench build</c>
/// must not draw markers itself.
/// </summary>
public interface IMarkerBurner
{
    /// <summary>Whether this burner really draws (the manifest and the CLI say so when it does not).</summary>
    bool DrawsMarkers { get; }

    /// <param name="imageIndex">0-based index into <see cref="QaRecord.Image"/>.</param>
    /// <returns>The encoded image with the markers drawn.</returns>
    byte[] Burn(QaRecord record, int imageIndex, byte[] encodedImage);
}

/// <summary>Leaves images unchanged: the default until the marker renderer is wired in.</summary>
public sealed class PassThroughMarkerBurner : IMarkerBurner
{
    public static readonly PassThroughMarkerBurner Instance = new();

    public bool DrawsMarkers => false;

    public byte[] Burn(QaRecord record, int imageIndex, byte[] encodedImage) => encodedImage;
}
