using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>What <see cref="StrokeCapture.Handle"/> did with one touch event.</summary>
    public enum TouchOutcome
    {
        /// <summary>Nothing the coordinator must act on (ink may have grown: see <see cref="StrokeCapture.Generation"/>).</summary>
        None = 0,

        /// <summary>A stroke began on a pad that still showed a finished drawing: the old ink was cleared first.</summary>
        NewDrawing = 1,

        /// <summary>A contact began off the pad at (<see cref="StrokeCapture.TapX"/>, <see cref="StrokeCapture.TapY"/>): a button, key or panel tap.</summary>
        Tap = 2,
    }

    /// <summary>
    /// Turns touch events into strokes in the live <see cref="StrokeBuffer"/> and draws the ink as it grows. UI thread only.
    /// </summary>
    /// <remarks>
    /// <para>Strokes. A stroke begins with a Down (or a Move without one: some drivers lose pen-down) on the pad and
    /// ends with an Up, with a Move that leaves the pad (a finger sliding off the screen), or — a <b>lost lift</b> —
    /// when no event of the drawing contact arrives for <see cref="AppSettings.PenUpTimeoutMs"/> (the M5Core2 driver
    /// reports a release only when the position differs). A <b>resting finger</b> is not a lost lift: touch
    /// controllers keep reporting a pressed, unmoving finger as repeated Moves at the same point, each of which
    /// restarts the timeout, so the stroke stays open however long the finger rests. Raw points go to the buffer,
    /// which owns the spacing rule (repeats are not stored). A contact that starts off the pad never draws and is
    /// reported as a <see cref="TouchOutcome.Tap"/>.</para>
    /// <para>Contacts. The first contact to go down while none is active draws; Down/Move/Up of any other contact id
    /// are ignored until that contact lifts (a second finger neither breaks nor joins the stroke: it is merged away).
    /// A Down of the drawing contact while it is still down means its lift was lost: the stroke ends and a new one
    /// begins. Boards that report one contact use id 0 for everything.</para>
    /// </remarks>
    public sealed class StrokeCapture
    {
        /// <summary>Extra contacts remembered as ignored at once (multi-touch panels report 2 to 5).</summary>
        public const int MaxExtraContacts = 4;

        private readonly StrokeBuffer _ink;
        private readonly AppRenderer _renderer;
        private readonly int _penUpTimeoutMs;
        private readonly int[] _extra = new int[MaxExtraContacts];
        private int _extraCount;
        private bool _contactActive;
        private int _contact;
        private bool _contactIgnored;
        private bool _penDown;
        private long _lastEventMs;
        private long _lastPenUpMs;
        private int _generation;
        private bool _newDrawingOnPenDown;
        private int _tapX;
        private int _tapY;

        /// <summary>Creates the capture; allocates the live ink buffer once.</summary>
        /// <param name="settings">Buffer sizes, spacing rule and pen-up timeout.</param>
        /// <param name="renderer">Where the ink is drawn.</param>
        public StrokeCapture(AppSettings settings, AppRenderer renderer)
        {
            _ink = new StrokeBuffer(settings.MaxPoints, settings.MaxStrokes);
            _ink.MinPointSpacing = settings.MinPointSpacing;
            _renderer = renderer;
            _penUpTimeoutMs = settings.PenUpTimeoutMs;
        }

        /// <summary>The live ink, screen = pad pixels.</summary>
        public StrokeBuffer Ink
        {
            get { return _ink; }
        }

        /// <summary>A stroke is open (the drawing contact is down on the pad).</summary>
        public bool IsPenDown
        {
            get { return _penDown; }
        }

        /// <summary>Changes whenever the ink changes (a point stored, a stroke begun, undo, clear, <see cref="Invalidate"/>);
        /// a recognition whose generation differs is stale.</summary>
        public int Generation
        {
            get { return _generation; }
        }

        /// <summary>When the last stroke ended (or undo changed the ink), ms: the idle timer runs from here.</summary>
        public long LastPenUpMs
        {
            get { return _lastPenUpMs; }
        }

        /// <summary>When set, the next stroke clears the old ink first (a finished drawing's result is on screen);
        /// beginning any stroke resets it.</summary>
        public bool NewDrawingOnPenDown
        {
            get { return _newDrawingOnPenDown; }
            set { _newDrawingOnPenDown = value; }
        }

        /// <summary>Screen x of the last <see cref="TouchOutcome.Tap"/>, pixels.</summary>
        public int TapX
        {
            get { return _tapX; }
        }

        /// <summary>Screen y of the last <see cref="TouchOutcome.Tap"/>, pixels.</summary>
        public int TapY
        {
            get { return _tapY; }
        }

        /// <summary>Applies one touch event (see the class remarks).</summary>
        /// <param name="kind">Down, Move or Up (Button events are not touch and are ignored here).</param>
        /// <param name="x">Screen x, pixels.</param>
        /// <param name="y">Screen y, pixels.</param>
        /// <param name="contact">Contact id.</param>
        /// <param name="timeMs">When it happened, ms.</param>
        /// <returns>What the coordinator must act on.</returns>
        public TouchOutcome Handle(TouchKind kind, int x, int y, int contact, long timeMs)
        {
            switch (kind)
            {
                case TouchKind.Down:
                    if (_contactActive && contact != _contact)
                    {
                        RememberExtra(contact);
                        return TouchOutcome.None;
                    }

                    if (_penDown)
                    {
                        EndStroke(_lastEventMs);   // the same contact went down again: its lift was lost
                    }

                    ForgetExtra(contact);
                    _contactActive = true;
                    _contact = contact;
                    _lastEventMs = timeMs;
                    _contactIgnored = !ScreenLayout.IsOnPad(x, y);
                    if (_contactIgnored)
                    {
                        _tapX = x;
                        _tapY = y;
                        return TouchOutcome.Tap;
                    }

                    return BeginStroke(x, y);

                case TouchKind.Move:
                    if (IsExtra(contact))
                    {
                        return TouchOutcome.None;
                    }

                    if (_contactActive && contact != _contact)
                    {
                        RememberExtra(contact);
                        return TouchOutcome.None;
                    }

                    if (!_contactActive)
                    {
                        _contactActive = true;   // a Move without a Down: the driver lost pen-down
                        _contact = contact;
                        _contactIgnored = false;
                    }

                    _lastEventMs = timeMs;
                    if (_contactIgnored)
                    {
                        return TouchOutcome.None;
                    }

                    if (!ScreenLayout.IsOnPad(x, y))
                    {
                        if (_penDown)
                        {
                            EndStroke(timeMs);   // slid off the pad
                        }

                        return TouchOutcome.None;
                    }

                    if (!_penDown)
                    {
                        return BeginStroke(x, y);
                    }

                    AddPoint(x, y);
                    return TouchOutcome.None;

                case TouchKind.Up:
                    if (IsExtra(contact))
                    {
                        ForgetExtra(contact);
                        return TouchOutcome.None;
                    }

                    if (_contactActive && contact != _contact)
                    {
                        return TouchOutcome.None;
                    }

                    if (_penDown)
                    {
                        EndStroke(timeMs);
                    }

                    _contactActive = false;
                    _contactIgnored = false;
                    return TouchOutcome.None;
            }

            return TouchOutcome.None;
        }

        /// <summary>Ends the open stroke when its contact has sent nothing for <see cref="AppSettings.PenUpTimeoutMs"/> (a lost lift).</summary>
        /// <param name="nowMs">Current time, ms.</param>
        /// <returns>True when a stroke was ended.</returns>
        public bool EndLostLift(long nowMs)
        {
            if (!_penDown || nowMs - _lastEventMs < _penUpTimeoutMs)
            {
                return false;
            }

            EndStroke(_lastEventMs);
            _contactActive = false;
            return true;
        }

        /// <summary>Ends the open stroke now (a button press while drawing).</summary>
        /// <param name="timeMs">When, ms.</param>
        public void EndOpenStroke(long timeMs)
        {
            if (_penDown)
            {
                EndStroke(timeMs);
            }
        }

        /// <summary>Erases the ink and the pad.</summary>
        public void Clear()
        {
            _ink.Clear();
            _penDown = false;
            _newDrawingOnPenDown = false;
            _generation++;
            _renderer.ClearPad();
        }

        /// <summary>Removes the last stroke from ink and pad; the idle timer restarts at <paramref name="timeMs"/>.</summary>
        /// <param name="timeMs">When, ms.</param>
        /// <returns>True when a stroke was removed.</returns>
        public bool Undo(long timeMs)
        {
            EndOpenStroke(timeMs);
            _newDrawingOnPenDown = false;   // the user is editing this drawing: the next stroke adds to it
            if (!_ink.UndoLastStroke())
            {
                return false;
            }

            _generation++;
            _lastPenUpMs = timeMs;
            _renderer.DrawInk(_ink);
            return true;
        }

        /// <summary>Marks the ink as changed without changing it (a mode switch makes earlier results stale) and redraws
        /// it without result boxes.</summary>
        public void Invalidate()
        {
            _generation++;
            _renderer.DrawInk(_ink);
        }

        private TouchOutcome BeginStroke(int x, int y)
        {
            TouchOutcome outcome = TouchOutcome.None;
            if (_newDrawingOnPenDown)
            {
                _newDrawingOnPenDown = false;
                _ink.Clear();
                _renderer.ClearPad();
                outcome = TouchOutcome.NewDrawing;
            }

            _ink.BeginStroke();
            int before = _ink.PointCount;
            if (_ink.AddPoint(ClampToPad(x, ScreenLayout.PadWidth), ClampToPad(y, ScreenLayout.PadHeight)))
            {
                DrawStoredPoint(before);
            }

            _penDown = true;
            _generation++;
            return outcome;
        }

        private void AddPoint(int x, int y)
        {
            // The buffer owns the spacing rule; draw only what it stored, so the screen shows the polyline it reads.
            int before = _ink.PointCount;
            if (_ink.AddPoint(ClampToPad(x, ScreenLayout.PadWidth), ClampToPad(y, ScreenLayout.PadHeight)))
            {
                DrawStoredPoint(before);
                _generation++;
            }
        }

        private void EndStroke(long timeMs)
        {
            int before = _ink.PointCount;
            if (_ink.EndStroke())
            {
                DrawStoredPoint(before);
                _generation++;
            }

            _penDown = false;
            _lastPenUpMs = timeMs;
        }

        /// <summary>Draws the point the buffer just stored, given its point count before it did.</summary>
        private void DrawStoredPoint(int pointCountBefore)
        {
            int last = _ink.PointCount - 1;
            if (last != pointCountBefore)
            {
                // The full buffer decimated, or moved the stroke's end instead of appending: redraw the whole ink.
                _renderer.DrawInk(_ink);
                return;
            }

            if (_ink.GetStrokeLength(_ink.StrokeCount - 1) == 1)
            {
                _renderer.DrawDot(_ink.GetX(last), _ink.GetY(last));
                return;
            }

            _renderer.DrawSegment(_ink.GetX(last - 1), _ink.GetY(last - 1), _ink.GetX(last), _ink.GetY(last));
        }

        private bool IsExtra(int contact)
        {
            for (int i = 0; i < _extraCount; i++)
            {
                if (_extra[i] == contact)
                {
                    return true;
                }
            }

            return false;
        }

        private void RememberExtra(int contact)
        {
            if (!IsExtra(contact) && _extraCount < MaxExtraContacts)
            {
                _extra[_extraCount++] = contact;
            }
        }

        private void ForgetExtra(int contact)
        {
            for (int i = 0; i < _extraCount; i++)
            {
                if (_extra[i] == contact)
                {
                    _extra[i] = _extra[--_extraCount];
                    return;
                }
            }
        }

        private static int ClampToPad(int value, int extent)
        {
            // Keep the pen's square inside the pad so ink never paints over the panel or the buttons.
            int half = ScreenLayout.PenWidth / 2;
            return value < half ? half : (value > extent - 1 - half ? extent - 1 - half : value);
        }
    }
}
