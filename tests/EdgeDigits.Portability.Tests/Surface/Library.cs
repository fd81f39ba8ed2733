// Library types used by portable code. Checked against nanoframework/CoreLibrary nanoFramework.CoreLibrary/System/:
// String.cs, Array.cs, Console.cs, Exception.cs and the exception files named below, Threading/*.cs.
namespace System
{
    // String.cs
    public sealed class String : IComparable, Collections.IEnumerable
    {
        public static readonly string Empty = "";
        public String(char c, int count) { }
        public String(char[] value) { }
        public static bool Equals(string a, string b) { return false; }
        public static bool operator ==(string a, string b) { return false; }
        public static bool operator !=(string a, string b) { return false; }
        public override bool Equals(object obj) { return false; }
        public override int GetHashCode() { return 0; }
        [Runtime.CompilerServices.IndexerName("Chars")]
        public char this[int index] { get { return '\0'; } }
        public int Length { get { return 0; } }
        public char[] ToCharArray() { return null; }
        public char[] ToCharArray(int startIndex, int length) { return null; }
        public string[] Split(params char[] separator) { return null; }
        public string Substring(int startIndex) { return null; }
        public string Substring(int startIndex, int length) { return null; }
        public string Trim() { return null; }
        public string ToLower() { return null; }
        public string ToUpper() { return null; }
        public int IndexOf(char value) { return 0; }
        public int IndexOf(string value) { return 0; }
        public int CompareTo(object value) { return 0; }
        public override string ToString() { return null; }
        public Collections.IEnumerator GetEnumerator() { return null; }
        public static string Concat(object arg0) { return null; }
        public static string Concat(object arg0, object arg1) { return null; }
        public static string Concat(object arg0, object arg1, object arg2) { return null; }
        public static string Concat(params object[] args) { return null; }
        public static string Concat(string str0, string str1) { return null; }
        public static string Concat(string str0, string str1, string str2) { return null; }
        public static string Concat(string str0, string str1, string str2, string str3) { return null; }
        public static string Concat(params string[] values) { return null; }
        public static string Format(string format, params object[] args) { return null; }
        public static bool IsNullOrEmpty(string value) { return false; }
    }

    // Array.cs (Clone needs the reflection-enabled mscorlib, which is the default nanoFramework.CoreLibrary package).
    public abstract class Array : ICloneable, Collections.IList
    {
        public int Length { get { return 0; } }
        int Collections.ICollection.Count { get { return 0; } }
        public object GetValue(int index) { return null; }
        public void CopyTo(Array array, int index) { }
        public object Clone() { return null; }
        public Collections.IEnumerator GetEnumerator() { return null; }
        public static void Copy(Array sourceArray, Array destinationArray, int length) { }
        public static void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length) { }
        public static void Clear(Array array, int index, int length) { }
        public static int IndexOf(Array array, object value) { return 0; }
    }

    // Exception.cs, SystemException.cs, ArgumentException.cs, ArgumentNullException.cs, ArgumentOutOfRangeException.cs,
    // InvalidOperationException.cs, NotSupportedException.cs, NotImplementedException.cs, IndexOutOfRangeException.cs,
    // NullReferenceException.cs, InvalidCastException.cs, ObjectDisposedException.cs, OutOfMemoryException.cs.
    public class Exception
    {
        public Exception() { }
        public Exception(string message) { }
        public Exception(string message, Exception innerException) { }
        public virtual string Message { get { return null; } }
        public Exception InnerException { get { return null; } }
        public virtual string StackTrace { get { return null; } }
    }

    public class SystemException : Exception { public SystemException() { } public SystemException(string message) { } public SystemException(string message, Exception innerException) { } }
    public class ArgumentException : SystemException
    {
        public ArgumentException() { }
        public ArgumentException(string message) { }
        public ArgumentException(string message, Exception innerException) { }
        public ArgumentException(string message, string paramName) { }
        public virtual string ParamName { get { return null; } }
    }
    public class ArgumentNullException : ArgumentException { public ArgumentNullException() { } public ArgumentNullException(string paramName) { } public ArgumentNullException(string paramName, string message) { } }
    public class ArgumentOutOfRangeException : ArgumentException { public ArgumentOutOfRangeException() { } public ArgumentOutOfRangeException(string paramName) { } public ArgumentOutOfRangeException(string paramName, string message) { } }
    public class InvalidOperationException : SystemException { public InvalidOperationException() { } public InvalidOperationException(string message) { } public InvalidOperationException(string message, Exception innerException) { } }
    public class NotSupportedException : SystemException { public NotSupportedException() { } public NotSupportedException(string message) { } public NotSupportedException(string message, Exception innerException) { } }
    public class NotImplementedException : SystemException { public NotImplementedException() { } public NotImplementedException(string message) { } }
    public sealed class IndexOutOfRangeException : SystemException { public IndexOutOfRangeException() { } public IndexOutOfRangeException(string message) { } }
    public class NullReferenceException : SystemException { public NullReferenceException() { } public NullReferenceException(string message) { } }
    public class InvalidCastException : SystemException { public InvalidCastException() { } public InvalidCastException(string message) { } }
    public class ObjectDisposedException : InvalidOperationException { public ObjectDisposedException(string objectName) { } }
    public class OutOfMemoryException : SystemException { public OutOfMemoryException() { } }

    // Console.cs: Write/WriteLine of a string (the nanoFramework Console takes strings only).
    public static class Console
    {
        public static void Write(string value) { }
        public static void WriteLine() { }
        public static void WriteLine(string value) { }
    }
}

namespace System.Threading
{
    // Threading/Monitor.cs, Interlocked.cs, Thread.cs, ThreadStart.cs, Timer.cs, TimerCallback.cs.
    public static class Monitor
    {
        public static void Enter(object obj) { }
        public static void Exit(object obj) { }
    }

    public static class Interlocked
    {
        public static int Increment(ref int location) { return 0; }
        public static int Decrement(ref int location) { return 0; }
        public static int Exchange(ref int location1, int value) { return 0; }
        public static int CompareExchange(ref int location1, int value, int comparand) { return 0; }
    }

    public delegate void ThreadStart();
    public delegate void TimerCallback(object state);

    public sealed class Thread
    {
        public Thread(ThreadStart start) { }
        public void Start() { }
        public static void Sleep(int millisecondsTimeout) { }
    }

    public sealed class Timer : IDisposable
    {
        public Timer(TimerCallback callback, object state, int dueTime, int period) { }
        public bool Change(int dueTime, int period) { return false; }
        public void Dispose() { }
    }
}
