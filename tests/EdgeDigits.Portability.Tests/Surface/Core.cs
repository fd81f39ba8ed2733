// Core types the C# compiler needs. Checked against nanoframework/CoreLibrary nanoFramework.CoreLibrary/System/
// (Object.cs, ValueType.cs, Enum.cs, Void.cs, Boolean.cs .. UInt64.cs, Single.cs, Double.cs, IntPtr.cs, UIntPtr.cs,
// Attribute.cs, AttributeUsageAttribute.cs, AttributeTargets.cs, ParamArrayAttribute.cs, FlagsAttribute.cs,
// ObsoleteAttribute.cs, CLSCompliantAttribute.cs, Delegate.cs, MulticastDelegate.cs, Type.cs, Runtime*Handle.cs,
// IDisposable.cs, ICloneable.cs, IComparable.cs, Collections/IEnumerable.cs, IEnumerator.cs, ICollection.cs, IList.cs,
// Runtime/CompilerServices/RuntimeHelpers.cs, IndexerNameAttribute.cs, Diagnostics/ConditionalAttribute.cs).
namespace System
{
    public class Object
    {
        public Object() { }
        public virtual bool Equals(object obj) { return false; }
        public virtual int GetHashCode() { return 0; }
        public virtual string ToString() { return null; }
        public Type GetType() { return null; }
        public static bool ReferenceEquals(object objA, object objB) { return false; }
        protected object MemberwiseClone() { return null; }
        ~Object() { }
    }

    public abstract class ValueType { }
    public abstract class Enum : ValueType { }
    public struct Void { }
    public struct Boolean { public override string ToString() { return null; } }
    public struct Char { public override string ToString() { return null; } }
    public struct SByte { public const sbyte MaxValue = 127; public const sbyte MinValue = -128; public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct Byte { public const byte MaxValue = 255; public const byte MinValue = 0; public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct Int16 { public const short MaxValue = 32767; public const short MinValue = -32768; public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct UInt16 { public const ushort MaxValue = 65535; public const ushort MinValue = 0; public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct Int32 { public const int MaxValue = 2147483647; public const int MinValue = -2147483648; public override string ToString() { return null; } public string ToString(string format) { return null; } public static int Parse(string s) { return 0; } }
    public struct UInt32 { public const uint MaxValue = 4294967295; public const uint MinValue = 0; public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct Int64 { public const long MaxValue = 9223372036854775807; public const long MinValue = -9223372036854775808; public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct UInt64 { public const ulong MaxValue = 18446744073709551615; public const ulong MinValue = 0; public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct Single { public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct Double { public override string ToString() { return null; } public string ToString(string format) { return null; } }
    public struct IntPtr { }
    public struct UIntPtr { }

    public abstract class Attribute { protected Attribute() { } }

    [Flags]
    public enum AttributeTargets
    {
        Assembly = 1, Module = 2, Class = 4, Struct = 8, Enum = 16, Constructor = 32, Method = 64, Property = 128,
        Field = 256, Event = 512, Interface = 1024, Parameter = 2048, Delegate = 4096, ReturnValue = 8192,
        GenericParameter = 16384, All = 32767,
    }

    [AttributeUsage(AttributeTargets.Class, Inherited = true)]
    public sealed class AttributeUsageAttribute : Attribute
    {
        public AttributeUsageAttribute(AttributeTargets validOn) { }
        public bool AllowMultiple { get { return false; } set { } }
        public bool Inherited { get { return false; } set { } }
    }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = true)]
    public sealed class ParamArrayAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Enum, Inherited = false)]
    public class FlagsAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.All, Inherited = false)]
    public sealed class ObsoleteAttribute : Attribute { public ObsoleteAttribute() { } public ObsoleteAttribute(string message) { } }

    [AttributeUsage(AttributeTargets.All, Inherited = true)]
    public sealed class CLSCompliantAttribute : Attribute { public CLSCompliantAttribute(bool isCompliant) { } }

    public abstract class Delegate { }
    public abstract class MulticastDelegate : Delegate { }
    // Type.cs derives from Reflection/MemberInfo.cs, whose Name exists in the reflection-enabled mscorlib (the default package).
    public abstract class Type { public abstract string Name { get; } }
    public struct RuntimeTypeHandle { }
    public struct RuntimeFieldHandle { }
    public struct RuntimeMethodHandle { }

    public interface IDisposable { void Dispose(); }
    public interface ICloneable { object Clone(); }
    public interface IComparable { int CompareTo(object obj); }

    public delegate void EventHandler(object sender, EventArgs e);
    public class EventArgs { public static readonly EventArgs Empty = new EventArgs(); }
    public delegate void AsyncCallback(IAsyncResult ar);
    public interface IAsyncResult { }
}

namespace System.Collections
{
    public interface IEnumerable { IEnumerator GetEnumerator(); }
    public interface IEnumerator { object Current { get; } bool MoveNext(); void Reset(); }
    public interface ICollection : IEnumerable { int Count { get; } }
    public interface IList : ICollection { }
}

namespace System.Runtime.CompilerServices
{
    public static class RuntimeHelpers
    {
        public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) { }
    }

    [AttributeUsage(AttributeTargets.Property, Inherited = true)]
    public sealed class IndexerNameAttribute : Attribute { public IndexerNameAttribute(string indexerName) { } }
}

namespace System.Diagnostics
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
    public sealed class ConditionalAttribute : Attribute { public ConditionalAttribute(string conditionString) { } }

    // Diagnostics/Debug.cs: WriteLine, Write and Assert are [Conditional("DEBUG")].
    public static class Debug
    {
        [Conditional("DEBUG")] public static void Assert(bool condition) { }
        [Conditional("DEBUG")] public static void Assert(bool condition, string message) { }
        [Conditional("DEBUG")] public static void WriteLine(string message) { }
        [Conditional("DEBUG")] public static void Write(string message) { }
    }
}

namespace System.Reflection
{
    // Reflection/DefaultMemberAttribute.cs: emitted by the compiler for indexers (String.Chars).
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
    public sealed class DefaultMemberAttribute : Attribute { public DefaultMemberAttribute(string memberName) { } }
}
