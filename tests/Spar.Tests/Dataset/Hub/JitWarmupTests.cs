using System.Reflection;
using Spar.Dataset.Hub;

namespace Spar.Tests.Dataset.Hub;

public class JitWarmupTests
{
    [Fact]
    public void Every_method_compiled_at_first_call_in_the_hub_code_is_warmed()
    {
        // Every type of the namespace, scanned independently of the warm-up's own list of owners.
        var hub = typeof(PyJsonBuffer).Namespace;
        var marked = typeof(PyJsonBuffer).Assembly.GetTypes().Where(t => t.Namespace == hub)
            .SelectMany(t => t.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance))
            .Where(m => m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}").Order(StringComparer.Ordinal).ToList();
        var warmed = JitWarmup.Methods().Select(m => $"{m.DeclaringType!.FullName}.{m.Name}").ToList();
        Assert.True(marked.Count >= 9, string.Join(", ", marked)); // WriteRows, Utf8String, ReadPages, Assemble, …
        Assert.Equal(marked, warmed.Order(StringComparer.Ordinal));
        Assert.Equal(warmed.Count, warmed.Distinct().Count());
    }
}
