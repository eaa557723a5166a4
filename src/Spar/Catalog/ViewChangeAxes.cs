namespace Spar.Catalog;

/// <summary>
/// One axis of view_change_infer's answer (generation.md §5): the key written for a non-negative value, the key for
/// the opposite direction, whether the value is in degrees, and the directions as words.
/// </summary>
/// <param name="OfficialPositiveIsKey">The official metric computes <c>value(positive) − value(negative)</c> per axis with
/// its own choice of positive word (move_right, move_up, move_forward, rotate_right, rotate_up); true when that is
/// <paramref name="Key"/>. MRA is unchanged when both sides flip sign, but scorers use the official polarity anyway so
/// their arithmetic is the official code's, operand for operand.</param>
public sealed record ViewChangeAxis(string Key, string Opposite, bool Degrees, bool OfficialPositiveIsKey,
    string KeyDirection, string OppositeDirection)
{
    public string OfficialPositive => OfficialPositiveIsKey ? Key : Opposite;
    public string OfficialNegative => OfficialPositiveIsKey ? Opposite : Key;
    public string Unit => Degrees ? "degrees" : "meters";
}

/// <summary>
/// The five axes of view_change_infer in answer order: translation right, down, forward in metres (image 1's camera
/// frame: x right, y down, z forward), then yaw left and pitch down in degrees. The generator writes these keys, the
/// random baseline guesses them, both scorers read them: this table is their one home.
/// </summary>
public static class ViewChangeAxes
{
    public static readonly IReadOnlyList<ViewChangeAxis> All =
    [
        new("move_right", "move_left", Degrees: false, OfficialPositiveIsKey: true, "to the right", "to the left"),
        new("move_down", "move_up", Degrees: false, OfficialPositiveIsKey: false, "down", "up"),
        new("move_forward", "move_backward", Degrees: false, OfficialPositiveIsKey: true, "forward", "backward"),
        new("rotate_left", "rotate_right", Degrees: true, OfficialPositiveIsKey: false, "to the left", "to the right"),
        new("rotate_down", "rotate_up", Degrees: true, OfficialPositiveIsKey: false, "down", "up"),
    ];

    /// <summary>"0.3 meters to the right", "15 degrees down" for an answer key and its value text.</summary>
    public static string Phrase(string key, string value)
    {
        foreach (var a in All)
        {
            if (key == a.Key) return $"{value} {a.Unit} {a.KeyDirection}";
            if (key == a.Opposite) return $"{value} {a.Unit} {a.OppositeDirection}";
        }
        throw new ArgumentOutOfRangeException(nameof(key), key, "not a view-change key");
    }
}
