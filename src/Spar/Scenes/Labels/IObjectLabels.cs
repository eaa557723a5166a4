namespace Spar.Scenes.Labels;

/// <summary>What an importer asks of a label map about one raw annotation label.</summary>
public interface IObjectLabels
{
    /// <summary>The name the scene gives the object.</summary>
    string CategoryOf(string rawLabel);

    /// <summary>"wall", "floor" or "ceiling" when the label is structural, else null.</summary>
    string? StructuralClassOf(string rawLabel);

    /// <summary>Whether a question may name the object.</summary>
    bool IsReferable(string rawLabel);
}
