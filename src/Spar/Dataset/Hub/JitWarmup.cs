using System.Reflection;
using System.Runtime.CompilerServices;

namespace Spar.Dataset.Hub;

/// <summary>
/// Compiles the import's per-row and per-value methods — those marked <c>AggressiveOptimization</c>, which the JIT
/// compiles at their first call instead of taking them from the ReadyToRun image (Spar7mParquetImporter.WriteRows says
/// why) — on a thread of its own as soon as an import starts, while the main thread is still parsing the command line,
/// opening the parquet and preparing the output. Without it the reader and converter threads compile them at their
/// first row group, one method after another, with the rows waiting. The readers' methods first, as they run first.
/// </summary>
static class JitWarmup
{
    static int _started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        new Thread(() =>
        {
            foreach (var m in Methods())
            {
                // A warm-up only: a method it cannot prepare is compiled at its first call, as without it.
                try { RuntimeHelpers.PrepareMethod(m.MethodHandle); }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException) { }
            }
        }) { IsBackground = true, Name = "import spar7m warm-up" }.Start();
    }

    // The types holding such methods, readers' first (nested types are searched too). Listed rather than found among
    // all of the assembly's types, whose loading cost more CPU than the warm-up saved; a test checks the list against
    // every type of the namespace, so a method newly marked in another type is not missed.
    static readonly Type[] Owners =
    [
        typeof(Utf8ChunkReader), typeof(NestedColumn), typeof(FlatText), typeof(Utf8Names), typeof(HubRecordLine),
        typeof(Spar7mParquetImporter), typeof(PyJsonBuffer),
    ];

    const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    /// <summary>The methods marked AggressiveOptimization of <see cref="Owners"/> and their nested types, in that order.</summary>
    internal static IEnumerable<MethodInfo> Methods() => Owners.SelectMany(WithNested).SelectMany(Marked);

    static IEnumerable<MethodInfo> Marked(Type t) =>
        t.ContainsGenericParameters ? [] : t.GetMethods(Declared).Where(m => (m.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0 && !m.ContainsGenericParameters);

    static IEnumerable<Type> WithNested(Type t) => t.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested).Prepend(t);
}
