namespace EdgeDigits.App
{
    /// <summary>
    /// Where teach lines are kept besides the serial log: on the board, a file in its flash
    /// (<c>EdgeDigits.Device.FileTeachStore</c>, <c>I:\teach.jsonl</c>). <see cref="TeachRecorder"/> writes each line to
    /// the serial log first and only then appends it here, within <see cref="AppSettings.TeachFileMaxBytes"/>; a store
    /// that throws is switched off with one log line, so the serial line is never lost and the app goes on.
    /// </summary>
    public interface ITeachStore
    {
        /// <summary>Where the lines go, for the log, e.g. <c>I:\teach.jsonl</c>.</summary>
        string Name { get; }

        /// <summary>Bytes the store holds now: what was there at boot plus what was appended since.</summary>
        long Length { get; }

        /// <summary>Appends <paramref name="line"/> and a <c>'\n'</c>: <c>line.Length + 1</c> bytes, since teach lines are
        /// ASCII (<see cref="TeachLine"/>).</summary>
        /// <param name="line">One teach line, without the <see cref="TeachLine.LogPrefix"/> or a line terminator.</param>
        /// <exception cref="System.Exception">Any failure of the storage (the recorder logs it and stops using the store).</exception>
        void Append(string line);
    }
}
