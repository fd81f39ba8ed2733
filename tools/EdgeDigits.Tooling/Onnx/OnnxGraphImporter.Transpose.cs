using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx.Proto;

namespace EdgeDigits.Tooling.Onnx;

/// <summary>Transpose import: layout no-ops, and reordering Transposes folded into the next fully connected layer.</summary>
public static partial class OnnxGraphImporter
{
    /// <summary>
    /// Maps each flat (row-major) index of <c>Transpose(x, perm)</c> to the flat index of the element of
    /// <c>x</c> it holds: output[j] = input[source[j]].
    /// </summary>
    /// <param name="inputShape">Shape of x, e.g. NCHW [1, 16, 5, 5].</param>
    /// <param name="perm">A permutation of the axes of x; output axis k is input axis perm[k]
    /// (https://onnx.ai/onnx/operators/onnx__Transpose.html), e.g. [0, 2, 3, 1] for NCHW → NHWC.</param>
    /// <returns>[element count of x]; for NCHW → NHWC, source[(h·W + w)·C + c] = (c·H + h)·W + w.</returns>
    internal static int[] TransposeSourceIndices(int[] inputShape, int[] perm)
    {
        int rank = inputShape.Length;
        var inputStrides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            inputStrides[d] = stride;
            stride *= inputShape[d];
        }

        var source = new int[stride];
        var index = new int[rank]; // multi-index into the output, whose axis k has size inputShape[perm[k]]
        for (int j = 0; j < source.Length; j++)
        {
            int s = 0;
            for (int k = 0; k < rank; k++)
            {
                s += index[k] * inputStrides[perm[k]];
            }

            source[j] = s;
            for (int k = rank - 1; k >= 0 && ++index[k] == inputShape[perm[k]]; k--)
            {
                index[k] = 0;
            }
        }

        return source;
    }

    /// <summary>
    /// Rewrites a fully connected layer that consumes <c>Flatten(Transpose(x, perm))</c> into one that consumes
    /// <c>Flatten(x)</c>: W'[o, source[j]] = W[o, j], so Σ_j W[o, j]·x[source[j]] = Σ_i W'[o, i]·x[i] exactly
    /// (the same products, the same sum). The bias is unchanged.
    /// </summary>
    /// <param name="dense">The layer as imported; weights [N_out, N_in] with column j reading the transposed tensor.</param>
    /// <param name="source">From <see cref="TransposeSourceIndices"/>; N_in entries.</param>
    /// <returns>The same layer reading x in its untransposed (e.g. NCHW) row-major order.</returns>
    internal static DenseNode PermuteInputColumns(DenseNode dense, int[] source)
    {
        if (source.Length != dense.InputFeatures)
        {
            throw new InvalidOperationException($"Node {dense} has {dense.InputFeatures} inputs but the permutation has {source.Length} entries.");
        }

        int k = dense.InputFeatures;
        var weights = new float[dense.Weights.Length];
        for (int o = 0; o < dense.OutputFeatures; o++)
        {
            int row = o * k;
            for (int j = 0; j < k; j++)
            {
                weights[row + source[j]] = dense.Weights[row + j];
            }
        }

        return new DenseNode(dense.Name, dense.OpType, k, dense.OutputFeatures, weights, dense.Bias);
    }

    private sealed partial class Importer
    {
        /// <summary>Ops through which a pending permutation may travel to a fully connected layer (see <see cref="CheckPermutedConsumer"/>).</summary>
        private static readonly string[] PermutationCarriers = { "Reshape", "Flatten", "Identity" };

        /// <summary>Reordering Transposes by node index, each waiting to be folded into the fully connected layer(s) downstream.</summary>
        private readonly Dictionary<int, PendingTranspose> _pendingTransposes = new();

        /// <summary>
        /// Node index → index of the reordering Transpose whose output it carries (the Transpose itself and the
        /// Reshape/Flatten/Identity nodes after it). Their shapes describe the transposed tensor until
        /// <see cref="FinishTransposeFolds"/> relabels the Transpose.
        /// </summary>
        private readonly Dictionary<int, int> _permutedBy = new();

        /// <summary>
        /// Imports a Transpose. One that only moves size-1 axes leaves row-major data unchanged and becomes a layout
        /// node. A reordering one (e.g. tf2onnx's NCHW → NHWC [0, 2, 3, 1] before Keras' Flatten) also becomes a
        /// layout node, and is recorded so that the fully connected layer it reaches absorbs the permutation;
        /// anything else it reaches is an error (<see cref="CheckPermutedConsumer"/>, <see cref="FinishTransposeFolds"/>).
        /// </summary>
        private FloatNode ImportTranspose(string name, string where, OnnxNodeAttributes a, int[] inputShape)
        {
            int[] perm = a.GetInts("perm") ?? Enumerable.Range(0, inputShape.Length).Reverse().ToArray();
            if (perm.Length != inputShape.Length || perm.Distinct().Count() != perm.Length || perm.Any(p => p < 0 || p >= inputShape.Length))
            {
                throw new OnnxImportException($"{where}: perm [{string.Join(",", perm)}] is not a permutation of the {inputShape.Length} axes of {Shapes.Format(inputShape)}.");
            }

            int[] outputShape = perm.Select(p => inputShape[p]).ToArray();
            var node = new LayoutNode(name, "Transpose", inputShape, outputShape);
            if (!IsLayoutNoOp(inputShape, perm))
            {
                _pendingTransposes[_nodes.Count] = new PendingTranspose(where, perm, inputShape);
            }

            return node;
        }

        /// <summary>Row-major data is unchanged when the axes of size > 1 keep their relative order.</summary>
        private static bool IsLayoutNoOp(int[] inputShape, int[] perm)
        {
            int[] moved = perm.Where(p => inputShape[p] != 1).ToArray();
            for (int i = 1; i < moved.Length; i++)
            {
                if (moved[i] < moved[i - 1])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Rejects a node that reads a transposed tensor (directly or through Reshape/Flatten/Identity) unless it
        /// carries it on or is a fully connected layer (Gemm, MatMul) that can absorb the permutation.
        /// </summary>
        private void CheckPermutedConsumer(NodeProto node, int inputIndex)
        {
            if (_permutedBy.TryGetValue(inputIndex, out int transpose)
                && Array.IndexOf(PermutationCarriers, node.OpType) < 0 && node.OpType is not ("Gemm" or "MatMul"))
            {
                throw NotFoldable(transpose);
            }
        }

        /// <summary>A fully connected layer reading a transposed tensor absorbs the permutation (<see cref="PermuteInputColumns"/>).</summary>
        private FloatNode FoldPendingTranspose(FloatNode node, int inputIndex)
        {
            if (node is not DenseNode dense || !_permutedBy.TryGetValue(inputIndex, out int transpose))
            {
                return node;
            }

            PendingTranspose pending = _pendingTransposes[transpose];
            pending.Folded = true;
            return PermuteInputColumns(dense, TransposeSourceIndices(pending.InputShape, pending.Perm));
        }

        /// <summary>Records that node <paramref name="index"/> carries a transposed tensor (it is one, or passes one on).</summary>
        private void TrackPermutedOutput(FloatNode node, int inputIndex, int index)
        {
            if (_pendingTransposes.ContainsKey(index))
            {
                _permutedBy[index] = index;
            }
            else if (node is LayoutNode && _permutedBy.TryGetValue(inputIndex, out int transpose))
            {
                _permutedBy[index] = transpose;
            }
        }

        /// <summary>
        /// After all nodes: a transposed tensor must not be the graph output, and every reordering Transpose must
        /// have been folded. Each folded Transpose then becomes an identity layout node on its input shape, and the
        /// nodes reading it are relabelled to that shape, so the graph runs in the untransposed (NCHW) order throughout.
        /// </summary>
        private void FinishTransposeFolds(int outputIndex)
        {
            if (_permutedBy.TryGetValue(outputIndex, out int toOutput))
            {
                throw NotFoldable(toOutput);
            }

            foreach ((int index, PendingTranspose pending) in _pendingTransposes.OrderBy(p => p.Key))
            {
                if (!pending.Folded)
                {
                    throw NotFoldable(index);
                }

                FloatNode transpose = _nodes[index];
                _nodes[index] = new LayoutNode(transpose.Name, "Transpose", pending.InputShape, pending.InputShape) { InputIndex = transpose.InputIndex };
                for (int i = index + 1; i < _nodes.Count; i++)
                {
                    if (_nodes[i] is LayoutNode reader && reader.InputIndex == index)
                    {
                        _nodes[i] = new LayoutNode(reader.Name, reader.OpType, pending.InputShape, reader.OutputShape) { InputIndex = index };
                    }
                }
            }
        }

        private OnnxImportException NotFoldable(int transpose)
        {
            PendingTranspose p = _pendingTransposes[transpose];
            return new OnnxImportException(
                $"{p.Where}: perm [{string.Join(",", p.Perm)}] reorders data of shape {Shapes.Format(p.InputShape)}; only a Transpose that is a layout no-op (moves size-1 axes only) is supported.");
        }

        /// <summary>A reordering Transpose: where it is (for messages), its perm and its input shape.</summary>
        private sealed class PendingTranspose
        {
            public PendingTranspose(string where, int[] perm, int[] inputShape)
            {
                Where = where;
                Perm = perm;
                InputShape = inputShape;
            }

            public string Where { get; }

            public int[] Perm { get; }

            public int[] InputShape { get; }

            /// <summary>True once a fully connected layer has absorbed the permutation.</summary>
            public bool Folded { get; set; }
        }
    }
}
