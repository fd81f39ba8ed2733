using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// Rewrites a compiled assembly so that it counts, exactly, the IL instructions and the calls it executes:
/// a static counter class is added, and every basic block starts with two increments — the block's number of
/// original instructions, and its number of <c>call</c>/<c>callvirt</c>/<c>newobj</c>.
/// </summary>
/// <remarks>
/// A basic block runs to completion once entered (the counted code throws no exceptions on its hot paths), so
/// per-block increments equal per-instruction counting. Leaders: the first instruction, every branch or switch
/// target, every instruction after a branch, return, throw or leave, and every exception-region boundary.
/// The counter code is inserted by turning the leader itself into the first counter instruction and re-emitting
/// the leader after the counters, so every branch into the block also passes through its counters.
/// </remarks>
public static class IlCounter
{
    /// <summary>Namespace of the injected counter type.</summary>
    public const string CounterNamespace = "EdgeDigits.IlCounting";

    /// <summary>Name of the injected counter type.</summary>
    public const string CounterTypeName = "ExecutionCounters";

    /// <summary>Static <c>long</c> field holding the IL instructions executed.</summary>
    public const string InstructionsField = "Instructions";

    /// <summary>Static <c>long</c> field holding the calls executed (call, callvirt, newobj).</summary>
    public const string CallsField = "Calls";

    /// <summary>Returns the instrumented image of the assembly in <paramref name="image"/>.</summary>
    /// <param name="image">A compiled .NET assembly (PE bytes).</param>
    /// <returns>The rewritten assembly's PE bytes.</returns>
    public static byte[] Instrument(byte[] image)
    {
        using var input = new MemoryStream(image);
        using var module = ModuleDefinition.ReadModule(input, new ReaderParameters { ReadSymbols = false });
        var counters = new TypeDefinition(CounterNamespace, CounterTypeName,
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class,
            module.TypeSystem.Object);
        var instructions = new FieldDefinition(InstructionsField, FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int64);
        var calls = new FieldDefinition(CallsField, FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int64);
        counters.Fields.Add(instructions);
        counters.Fields.Add(calls);
        var methods = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
        module.Types.Add(counters);
        foreach (var method in methods)
        {
            InstrumentMethod(method, instructions, calls);
        }

        using var output = new MemoryStream();
        module.Write(output);
        return output.ToArray();
    }

    private static bool IsCall(OpCode op) => op.Code is Code.Call or Code.Callvirt or Code.Newobj;

    private static void InstrumentMethod(MethodDefinition method, FieldReference instructions, FieldReference calls)
    {
        var body = method.Body;
        body.SimplifyMacros();
        var code = body.Instructions.ToList();
        var leaders = new HashSet<Instruction> { code[0] };
        for (int i = 0; i < code.Count; i++)
        {
            var instruction = code[i];
            if (instruction.Operand is Instruction target)
            {
                leaders.Add(target);
            }
            else if (instruction.Operand is Instruction[] targets)
            {
                leaders.UnionWith(targets);
            }

            var flow = instruction.OpCode.FlowControl;
            bool endsBlock = flow is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw
                || instruction.OpCode.Code is Code.Leave or Code.Endfinally or Code.Endfilter;
            if (endsBlock && i + 1 < code.Count)
            {
                leaders.Add(code[i + 1]);
            }
        }

        foreach (var handler in body.ExceptionHandlers)
        {
            foreach (var boundary in new[] { handler.TryStart, handler.TryEnd, handler.HandlerStart, handler.HandlerEnd, handler.FilterStart })
            {
                if (boundary != null)
                {
                    leaders.Add(boundary);
                }
            }
        }

        var processor = body.GetILProcessor();
        for (int i = 0; i < code.Count; i++)
        {
            var leader = code[i];
            if (!leaders.Contains(leader))
            {
                continue;
            }

            int count = 0;
            int callCount = 0;
            for (int j = i; j < code.Count && (j == i || !leaders.Contains(code[j])); j++)
            {
                count++;
                if (IsCall(code[j].OpCode))
                {
                    callCount++;
                }
            }

            // The leader object becomes the first counter instruction (branches keep targeting it); its own
            // opcode and operand move to a copy placed after the counters.
            var moved = processor.Create(OpCodes.Nop);
            moved.OpCode = leader.OpCode;
            moved.Operand = leader.Operand;
            leader.OpCode = OpCodes.Ldsfld;
            leader.Operand = instructions;
            var sequence = new List<Instruction>
            {
                processor.Create(OpCodes.Ldc_I8, (long)count),
                processor.Create(OpCodes.Add),
                processor.Create(OpCodes.Stsfld, instructions),
            };
            if (callCount > 0)
            {
                sequence.Add(processor.Create(OpCodes.Ldsfld, calls));
                sequence.Add(processor.Create(OpCodes.Ldc_I8, (long)callCount));
                sequence.Add(processor.Create(OpCodes.Add));
                sequence.Add(processor.Create(OpCodes.Stsfld, calls));
            }

            sequence.Add(moved);
            var after = leader;
            foreach (var instruction in sequence)
            {
                processor.InsertAfter(after, instruction);
                after = instruction;
            }
        }

        body.MaxStackSize += 2;
        body.OptimizeMacros();
    }
}
