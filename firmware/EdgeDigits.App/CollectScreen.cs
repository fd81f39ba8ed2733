namespace EdgeDigits.App
{
    /// <summary>
    /// Collect mode, like a dataset-collection screen: the panel asks for a digit, the user draws it, and after the
    /// idle delay (or GO) the drawing is recorded with that digit as its label; the prompt then moves on, 0 → 1 → … →
    /// 9 → 0.
    /// </summary>
    public sealed class CollectScreen
    {
        private readonly AppRenderer _renderer;
        private bool _active;
        private int _prompt;
        private int _saved;

        /// <summary>Creates the screen.</summary>
        /// <param name="renderer">Where to draw.</param>
        public CollectScreen(AppRenderer renderer)
        {
            _renderer = renderer;
        }

        /// <summary>Collect mode is on.</summary>
        public bool IsActive
        {
            get { return _active; }
        }

        /// <summary>The digit asked for now, 0..9.</summary>
        public int Prompt
        {
            get { return _prompt; }
        }

        /// <summary>Enters collect mode, asking for 0 first.</summary>
        /// <returns><see cref="AppState.Collecting"/>.</returns>
        public AppState Enter()
        {
            _active = true;
            _prompt = 0;
            _saved = 0;
            return Show();
        }

        /// <summary>Leaves collect mode (the caller redraws the panel).</summary>
        public void Exit()
        {
            _active = false;
        }

        /// <summary>Counts a recorded drawing and asks for the next digit.</summary>
        /// <returns><see cref="AppState.Collecting"/>.</returns>
        public AppState Advance()
        {
            _saved++;
            _prompt = (_prompt + 1) % 10;
            return Show();
        }

        /// <summary>Draws the prompt.</summary>
        /// <returns><see cref="AppState.Collecting"/>.</returns>
        public AppState Show()
        {
            _renderer.DrawCollect(_prompt, _saved);
            return AppState.Collecting;
        }
    }
}
