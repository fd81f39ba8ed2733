using System;

namespace EdgeDigits.Runtime.Reference
{
    /// <summary>
    /// The straightforward LeNet-5 graph: reference kernels, every intermediate tensor materialized.
    /// It defines the int8 result that <see cref="LeNet5"/> must reproduce bit for bit, and it is the
    /// "before" column of <c>edgedigits bench</c>.
    /// </summary>
    public sealed class LeNet5Reference
    {
        private readonly LeNet5Parameters _model;
        private readonly sbyte[] _input = new sbyte[LeNet5.InputLength];

        /// <summary>conv1 output after ReLU, [6, 24, 24].</summary>
        public readonly sbyte[] Conv1Output = new sbyte[6 * 24 * 24];

        /// <summary>pool1 output, [6, 12, 12].</summary>
        public readonly sbyte[] Pool1Output = new sbyte[6 * 12 * 12];

        /// <summary>conv2 output after ReLU, [16, 8, 8].</summary>
        public readonly sbyte[] Conv2Output = new sbyte[16 * 8 * 8];

        /// <summary>pool2 output, [16, 4, 4]; flattened in this order it is fc1's input [256].</summary>
        public readonly sbyte[] Pool2Output = new sbyte[16 * 4 * 4];

        /// <summary>fc1 output after ReLU, [120].</summary>
        public readonly sbyte[] Fc1Output = new sbyte[120];

        /// <summary>fc2 output after ReLU, [84].</summary>
        public readonly sbyte[] Fc2Output = new sbyte[84];

        /// <summary>fc3 output: int8 logits, [10].</summary>
        public readonly sbyte[] Logits = new sbyte[10];

        /// <summary>Creates the graph over preallocated buffers.</summary>
        /// <param name="model">The quantized model.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        public LeNet5Reference(LeNet5Parameters model)
        {
            if (model == null)
            {
                throw new ArgumentNullException("model");
            }

            _model = model;
        }

        /// <summary>Runs one inference and returns the predicted class (the first index of the largest logit).</summary>
        /// <param name="pixels">[28·28] row-major pixels, 0 = background, 255 = ink.</param>
        /// <returns>The predicted digit, 0..9.</returns>
        /// <exception cref="ArgumentException"><paramref name="pixels"/> is null or not 784 long.</exception>
        public int Run(byte[] pixels)
        {
            if (pixels == null || pixels.Length != LeNet5.InputLength)
            {
                throw new ArgumentException("pixels must hold 28x28 = 784 values.", "pixels");
            }

            for (int i = 0; i < pixels.Length; i++)
            {
                _input[i] = (sbyte)(pixels[i] + LeNet5Parameters.InputZeroPoint);
            }

            Conv2DReference.Run(_model.Conv1, _input, 28, 28, Conv1Output);
            MaxPool2DReference.Run(Conv1Output, 6, 24, 24, Pool1Output);
            Conv2DReference.Run(_model.Conv2, Pool1Output, 12, 12, Conv2Output);
            MaxPool2DReference.Run(Conv2Output, 16, 8, 8, Pool2Output);
            FullyConnectedReference.Run(_model.Fc1, Pool2Output, Fc1Output);
            FullyConnectedReference.Run(_model.Fc2, Fc1Output, Fc2Output);
            FullyConnectedReference.Run(_model.Fc3, Fc2Output, Logits);
            int best = 0;
            for (int i = 1; i < Logits.Length; i++)
            {
                if (Logits[i] > Logits[best])
                {
                    best = i;
                }
            }

            return best;
        }
    }
}
