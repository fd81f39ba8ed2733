using System.Reflection;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Bench;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Emit;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Portability.Tests;

/// <summary>
/// A model over nanoFramework's 64 KB of array-initializer data per assembly, as <c>edgedigits quantize</c> writes it: split
/// across EdgeDigits.Model and part assemblies. Each part compiles alone against the real mscorlib (it needs nothing else),
/// the main model compiles with the runtime and the parts under the portability rules, every assembly stays within the
/// limit, and on .NET the joined network equals the original, array for array.
/// </summary>
public class SplitModelTests
{
    private static (Int8Network Network, IReadOnlyList<GeneratedSource> Files) Generate(string architecture, int budget)
    {
        Int8Network network = RandomModels.Zoo(architecture, 21);
        var quantized = new QuantizedNetwork(network, Array.Empty<QuantizedLayerInfo>(), new CalibrationResult(CalibrationMethod.MinMax, 0, Array.Empty<ActivationRange>()), 0.1);
        var info = new ModelEmitInfo(architecture + ".onnx", new string('0', 64), "minmax", 0, 0, 0);
        return (network, ModelSourceWriter.Write(quantized, info, "ZooModel", reservedBytes: 0, partBudget: budget));
    }

    public static TheoryData<string, int, int> Splits() => new()
    {
        { "mlp", ModelSourceWriter.PartBudget, 2 },      // 109,386 parameters: 111 KB of arrays, two assemblies
        { "keras-cnn", ModelSourceWriter.PartBudget, 2 },
        { "linear", 4_000, 3 },                          // a small budget forces a tensor to be cut across three assemblies
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void ASplitModelCompilesForTheDeviceAndJoinsBackExactly(string architecture, int budget, int assemblies)
    {
        var (network, files) = Generate(architecture, budget);
        var compiled = files.Where(f => f.Assembly != null).ToList();
        Assert.Equal(assemblies, compiled.Select(f => f.Assembly).Distinct().Count());
        foreach (var assembly in compiled.GroupBy(f => f.Assembly))
        {
            Assert.InRange(assembly.Sum(f => f.ArrayDataBytes), 1, Math.Min(budget, ModelAssemblyWriter.ArrayDataLimit));
        }

        // Every part has its own nanoFramework project file naming the part's source.
        foreach (var part in compiled.Where(f => f.Assembly != ModelSourceWriter.MainAssembly))
        {
            GeneratedSource project = Assert.Single(files, f => f.FileName == part.Assembly + "/" + part.Assembly + ".nfproj");
            Assert.Contains("<AssemblyName>" + part.Assembly + "</AssemblyName>", project.Text);
            Assert.Contains("<Compile Include=\"" + Path.GetFileName(part.FileName) + "\" />", project.Text);

            var alone = PortabilityChecker.Check(new Dictionary<string, string> { [part.FileName] = part.Text });
            Assert.True(alone.Count == 0, part.FileName + " alone:\n" + string.Join("\n", alone));
        }

        // The main assembly with the runtime and the parts, under every portability rule.
        var sources = RuntimeSources();
        foreach (GeneratedSource file in compiled)
        {
            sources[file.FileName] = file.Text;
        }

        var violations = PortabilityChecker.Check(sources);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        // On .NET: Create() joins the pieces back into the very arrays that were written.
        var model = compiled.ToDictionary(f => f.FileName, f => f.Text);
        byte[] image = RuntimeCompiler.Compile("EdgeDigits.Model", model, typeof(Int8Engine).Assembly.Location);
        var created = (Int8Network)Assembly.Load(image).GetType("EdgeDigits.Model.ZooModel", throwOnError: true)!
            .GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        Assert.Equal(network.LayerNames, created.LayerNames);
        for (int i = 0; i < network.LayerCount; i++)
        {
            switch (network.Layers[i])
            {
                case QuantizedFullyConnected f:
                    var g = (QuantizedFullyConnected)created.Layers[i];
                    AssertSameArrays((f.Weights, f.Bias, f.OutputMultiplier, f.OutputShift), (g.Weights, g.Bias, g.OutputMultiplier, g.OutputShift));
                    break;
                case QuantizedConv2D c:
                    var d = (QuantizedConv2D)created.Layers[i];
                    AssertSameArrays((c.Weights, c.Bias, c.OutputMultiplier, c.OutputShift), (d.Weights, d.Bias, d.OutputMultiplier, d.OutputShift));
                    break;
            }
        }

        Assert.Equal(network.SoftmaxTable, created.SoftmaxTable);
    }

    [Fact]
    public void AModelThatFitsStaysOneAssemblyOfStaticArrays()
    {
        var (_, files) = Generate("lenet5", ModelSourceWriter.PartBudget);
        GeneratedSource only = Assert.Single(files);
        Assert.Equal(ModelSourceWriter.MainAssembly, only.Assembly);
        Assert.Contains("private static readonly sbyte[] Fc1Weights = new sbyte[]", only.Text);
        Assert.DoesNotContain("Join(", only.Text);
    }

    private static void AssertSameArrays((sbyte[] W, int[] B, int[] M, int[] S) expected, (sbyte[] W, int[] B, int[] M, int[] S) actual)
    {
        Assert.Equal(expected.W, actual.W);
        Assert.Equal(expected.B, actual.B);
        Assert.Equal(expected.M, actual.M);
        Assert.Equal(expected.S, actual.S);
    }

    private static Dictionary<string, string> RuntimeSources()
    {
        string root = PortabilityChecker.RepositoryRoot();
        string projitems = Path.Combine(root, "firmware", "EdgeDigits.Runtime", "EdgeDigits.Runtime.projitems");
        return PortabilityChecker.ListedSources(projitems).ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);
    }
}
