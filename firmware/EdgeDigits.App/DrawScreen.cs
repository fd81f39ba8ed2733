namespace EdgeDigits.App
{
    /// <summary>The drawing screen's panel messages: ready (with its hint), empty pad, working, error.</summary>
    public sealed class DrawScreen
    {
        /// <summary>The hint shown on an empty pad.</summary>
        public const string DrawHint = "DRAW A DIGIT ON THE PAD";

        private readonly AppRenderer _renderer;

        /// <summary>Creates the screen.</summary>
        /// <param name="renderer">Where to draw.</param>
        public DrawScreen(AppRenderer renderer)
        {
            _renderer = renderer;
        }

        /// <summary>"READY" and <paramref name="hint"/>, plus "TAP TO COLLECT" at the bottom.</summary>
        /// <param name="hint">What to do next.</param>
        /// <returns><see cref="AppState.Ready"/>.</returns>
        public AppState ShowReady(string hint)
        {
            _renderer.DrawPanelMessage("READY", Palette.Dim, hint);
            _renderer.DrawHint("TAP TO COLLECT", Palette.Dim);
            return AppState.Ready;
        }

        /// <summary>GO on an empty pad.</summary>
        /// <returns><see cref="AppState.Ready"/>.</returns>
        public AppState ShowEmpty()
        {
            _renderer.DrawPanelMessage("EMPTY", Palette.Warn, "DRAW A DIGIT FIRST, THEN PRESS GO");
            return AppState.Ready;
        }

        /// <summary>"WORKING" over the previous panel (it stays readable).</summary>
        public void ShowWorking()
        {
            _renderer.DrawWorking();
        }

        /// <summary>A recognition threw.</summary>
        /// <param name="message">The exception text.</param>
        /// <returns><see cref="AppState.Error"/>.</returns>
        public AppState ShowError(string message)
        {
            _renderer.DrawPanelMessage("ERROR", Palette.Error, message);
            return AppState.Error;
        }
    }
}
