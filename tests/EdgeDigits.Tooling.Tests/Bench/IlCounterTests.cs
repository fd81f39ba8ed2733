using EdgeDigits.Tooling.Bench;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace EdgeDigits.Tooling.Tests.Bench;

/// <summary>The IL counter on hand-written IL whose executed instruction and call counts are known exactly.</summary>
public class IlCounterTests
{
    // static int Sum(int n) { int s = 0; for (int i = 0; i < n; i++) s = Add(s, i); return s; }  — written in IL:
    //   prologue 5: ldc.i4.0 stloc.0 ldc.i4.0 stloc.1 br COND
    //   body 8:     ldloc.0 ldloc.1 call Add stloc.0 ldloc.1 ldc.i4.1 add stloc.1
    //   COND 3:     ldloc.1 ldarg.0 blt BODY
    //   epilogue 2: ldloc.0 ret
    // Add(a, b) = ldarg.0 ldarg.1 add ret (4). Executed: 5 + 8n + 3(n + 1) + 2 + 4n = 10 + 15n; calls: n.
    private static byte[] BuildSample()
    {
        var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("IlSample", new Version(1, 0)), "IlSample", ModuleKind.Dll);
        var module = assembly.MainModule;
        var type = new TypeDefinition("Sample", "Loops", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, module.TypeSystem.Object);
        module.Types.Add(type);
        var add = new MethodDefinition("Add", MethodAttributes.Public | MethodAttributes.Static, module.TypeSystem.Int32);
        add.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
        add.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
        var a = add.Body.GetILProcessor();
        a.Emit(OpCodes.Ldarg_0);
        a.Emit(OpCodes.Ldarg_1);
        a.Emit(OpCodes.Add);
        a.Emit(OpCodes.Ret);
        type.Methods.Add(add);

        var sum = new MethodDefinition("Sum", MethodAttributes.Public | MethodAttributes.Static, module.TypeSystem.Int32);
        sum.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
        sum.Body.Variables.Add(new VariableDefinition(module.TypeSystem.Int32));
        sum.Body.Variables.Add(new VariableDefinition(module.TypeSystem.Int32));
        var il = sum.Body.GetILProcessor();
        var body = il.Create(OpCodes.Ldloc_0);
        var cond = il.Create(OpCodes.Ldloc_1);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Stloc_0);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Stloc_1);
        il.Emit(OpCodes.Br, cond);
        il.Append(body);
        il.Emit(OpCodes.Ldloc_1);
        il.Emit(OpCodes.Call, add);
        il.Emit(OpCodes.Stloc_0);
        il.Emit(OpCodes.Ldloc_1);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc_1);
        il.Append(cond);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Blt, body);
        il.Emit(OpCodes.Ldloc_0);
        il.Emit(OpCodes.Ret);
        type.Methods.Add(sum);
        using var stream = new MemoryStream();
        assembly.Write(stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public void CountsEveryExecutedInstructionAndCall(int n)
    {
        using var instrumented = new InstrumentedAssembly(BuildSample());
        var run = instrumented.GetType("Sample.Loops").GetMethod("Sum")!.CreateDelegate<Func<int, int>>();
        instrumented.Reset();
        int result = run(n);
        Assert.Equal(n * (n - 1) / 2, result);
        Assert.Equal(10 + 15L * n, instrumented.Instructions);
        Assert.Equal(n, instrumented.Calls);
    }
}
