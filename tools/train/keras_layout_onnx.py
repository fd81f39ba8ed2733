#!/usr/bin/env python3
"""Build models/keras-cnn.onnx: the trained keras-cnn weights in the graph layout tf2onnx makes of a Keras model.

Why: the ONNX importer has a tf2onnx path (NHWC input, Transpose to NCHW, Reshape + MatMul + Add instead of
Flatten + Gemm, a trailing Softmax) that must be tested on a real trained graph, and TensorFlow is not installed
here. So this script takes the weights `tools/train/train_lenet5.py --arch keras-cnn` trained (its PyTorch-layout
ONNX export, models/keras-cnn.pytorch.onnx) and writes, with onnx.helper, the graph tf2onnx (opset 13) emits for
the equivalent Keras Sequential model

    Input((28, 28, 1)) -> Conv2D(8, 5, relu) -> MaxPooling2D(2) -> Conv2D(16, 3, relu) -> MaxPooling2D(2)
    -> Flatten() -> Dense(256, relu) -> Dense(10, softmax)

namely

    input_1 float [1,28,28,1] (NHWC; the batch dimension is fixed at 1, where tf2onnx would leave it symbolic)
    -> Transpose perm [0,3,1,2] (to NCHW)
    -> Conv 8@5x5 (weights OIHW, as tf2onnx emits after transposing Keras' HWIO kernel) -> Relu -> MaxPool 2x2/2
    -> Conv 16@3x3 -> Relu -> MaxPool 2x2/2
    -> Transpose perm [0,2,3,1] (back to NHWC, [1,5,5,16])
    -> Reshape to [-1, 400] (shape initializer; Keras' Flatten of NHWC, i.e. (h, w, c) order)
    -> MatMul [400,256] -> Add bias -> Relu -> MatMul [256,10] -> Add bias -> Softmax -> dense_1 [1,10]

The rows of the first MatMul are PyTorch's fc1 weight permuted from NCHW flatten order (c, h, w) to NHWC flatten
order (h, w, c), so the graph computes exactly softmax(PyTorch logits) on the same normalized image
(p/255 - 0.5)/0.5, laid out as [1,28,28,1]. Node and value names follow tf2onnx's style for a Keras model
("sequential/conv2d/Conv2D", "...:0"); the producer is recorded honestly as this script, not as tf2onnx.

The script checks the result: onnx.checker and shape inference, then a small numpy evaluator of exactly this
graph (Transpose, Conv, Relu, MaxPool, Reshape, MatMul, Add, Softmax; independent of torch) against the PyTorch
model on MNIST test images (the first --check images compared value by value, all 10,000 by argmax). It also
writes models/keras-cnn.reference-logits.json: for the first 32 test images the graph's output (the "softmax"
field, what `dense_1` must equal) and PyTorch's pre-softmax logits ("logits").

Usage (from the repository root, after training keras-cnn):
  /usr/bin/python3 tools/train/keras_layout_onnx.py --mnist ../shared/data/mnist \\
      --weights models/keras-cnn.pytorch.onnx --out models/keras-cnn.onnx
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_lenet5 as train  # noqa: E402  (same directory: data loading, the keras-cnn architecture)


def load_weights(path):
    tensors = {t.name: numpy_helper.to_array(t).astype(np.float32) for t in onnx.load(path).graph.initializer}
    expected = {"conv1.weight": (8, 1, 5, 5), "conv1.bias": (8,), "conv2.weight": (16, 8, 3, 3), "conv2.bias": (16,),
                "fc1.weight": (256, 400), "fc1.bias": (256,), "fc2.weight": (10, 256), "fc2.bias": (10,)}
    for name, shape in expected.items():
        if name not in tensors or tensors[name].shape != shape:
            sys.exit(f"error: {path}: expected initializer {name} of shape {shape} (a keras-cnn export of train_lenet5.py)")
    return tensors


def build_graph(w):
    """The tf2onnx-style graph as an onnx ModelProto."""
    # PyTorch fc1 input index = c*25 + h*5 + w (NCHW flatten); Keras Dense row index = h*80 + w*16 + c (NHWC).
    dense_kernel = w["fc1.weight"].reshape(256, 16, 5, 5).transpose(2, 3, 1, 0).reshape(400, 256)
    init = [
        numpy_helper.from_array(w["conv1.weight"], "sequential/conv2d/Conv2D/ReadVariableOp:0"),
        numpy_helper.from_array(w["conv1.bias"], "sequential/conv2d/BiasAdd/ReadVariableOp:0"),
        numpy_helper.from_array(w["conv2.weight"], "sequential/conv2d_1/Conv2D/ReadVariableOp:0"),
        numpy_helper.from_array(w["conv2.bias"], "sequential/conv2d_1/BiasAdd/ReadVariableOp:0"),
        numpy_helper.from_array(np.array([-1, 400], dtype=np.int64), "sequential/flatten/Const:0"),
        numpy_helper.from_array(np.ascontiguousarray(dense_kernel), "sequential/dense/MatMul/ReadVariableOp:0"),
        numpy_helper.from_array(w["fc1.bias"], "sequential/dense/BiasAdd/ReadVariableOp:0"),
        numpy_helper.from_array(np.ascontiguousarray(w["fc2.weight"].T), "sequential/dense_1/MatMul/ReadVariableOp:0"),
        numpy_helper.from_array(w["fc2.bias"], "sequential/dense_1/BiasAdd/ReadVariableOp:0"),
    ]
    conv = dict(dilations=[1, 1], group=1, pads=[0, 0, 0, 0], strides=[1, 1])
    pool = dict(kernel_shape=[2, 2], pads=[0, 0, 0, 0], strides=[2, 2])
    N = helper.make_node
    nodes = [
        N("Transpose", ["input_1"], ["sequential/conv2d/Conv2D__6:0"], "sequential/conv2d/Conv2D__6", perm=[0, 3, 1, 2]),
        N("Conv", ["sequential/conv2d/Conv2D__6:0", "sequential/conv2d/Conv2D/ReadVariableOp:0",
                   "sequential/conv2d/BiasAdd/ReadVariableOp:0"], ["sequential/conv2d/BiasAdd:0"],
          "sequential/conv2d/Conv2D", kernel_shape=[5, 5], **conv),
        N("Relu", ["sequential/conv2d/BiasAdd:0"], ["sequential/conv2d/Relu:0"], "sequential/conv2d/Relu"),
        N("MaxPool", ["sequential/conv2d/Relu:0"], ["sequential/max_pooling2d/MaxPool:0"],
          "sequential/max_pooling2d/MaxPool", **pool),
        N("Conv", ["sequential/max_pooling2d/MaxPool:0", "sequential/conv2d_1/Conv2D/ReadVariableOp:0",
                   "sequential/conv2d_1/BiasAdd/ReadVariableOp:0"], ["sequential/conv2d_1/BiasAdd:0"],
          "sequential/conv2d_1/Conv2D", kernel_shape=[3, 3], **conv),
        N("Relu", ["sequential/conv2d_1/BiasAdd:0"], ["sequential/conv2d_1/Relu:0"], "sequential/conv2d_1/Relu"),
        N("MaxPool", ["sequential/conv2d_1/Relu:0"], ["sequential/max_pooling2d_1/MaxPool__20:0"],
          "sequential/max_pooling2d_1/MaxPool", **pool),
        N("Transpose", ["sequential/max_pooling2d_1/MaxPool__20:0"], ["sequential/max_pooling2d_1/MaxPool:0"],
          "sequential/max_pooling2d_1/MaxPool__20", perm=[0, 2, 3, 1]),
        N("Reshape", ["sequential/max_pooling2d_1/MaxPool:0", "sequential/flatten/Const:0"],
          ["sequential/flatten/Reshape:0"], "sequential/flatten/Reshape"),
        N("MatMul", ["sequential/flatten/Reshape:0", "sequential/dense/MatMul/ReadVariableOp:0"],
          ["sequential/dense/MatMul:0"], "sequential/dense/MatMul"),
        N("Add", ["sequential/dense/MatMul:0", "sequential/dense/BiasAdd/ReadVariableOp:0"],
          ["sequential/dense/BiasAdd:0"], "sequential/dense/BiasAdd"),
        N("Relu", ["sequential/dense/BiasAdd:0"], ["sequential/dense/Relu:0"], "sequential/dense/Relu"),
        N("MatMul", ["sequential/dense/Relu:0", "sequential/dense_1/MatMul/ReadVariableOp:0"],
          ["sequential/dense_1/MatMul:0"], "sequential/dense_1/MatMul"),
        N("Add", ["sequential/dense_1/MatMul:0", "sequential/dense_1/BiasAdd/ReadVariableOp:0"],
          ["sequential/dense_1/BiasAdd:0"], "sequential/dense_1/BiasAdd"),
        # Opset 13 Softmax: the default axis (-1) is Keras' last axis, so tf2onnx writes no attribute.
        N("Softmax", ["sequential/dense_1/BiasAdd:0"], ["dense_1"], "sequential/dense_1/Softmax"),
    ]
    graph = helper.make_graph(
        nodes, "sequential", [helper.make_tensor_value_info("input_1", TensorProto.FLOAT, [1, 28, 28, 1])],
        [helper.make_tensor_value_info("dense_1", TensorProto.FLOAT, [1, 10])], init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="edgedigits tools/train/keras_layout_onnx.py", producer_version="1")
    model.ir_version = 7  # what tf2onnx writes for opset 13 (and what the PyTorch 1.13 exports here carry)
    model.doc_string = ("keras-cnn weights (trained in PyTorch by tools/train/train_lenet5.py --arch keras-cnn) in the "
                        "layout tf2onnx emits for a Keras Sequential model; input NHWC [1,28,28,1], (p/255-0.5)/0.5; "
                        "output dense_1 = softmax of the logits.")
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    out_dims = [d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim]
    assert out_dims == [1, 10], out_dims
    return model


# ---- A small numpy evaluator of the ops this graph uses (batch any N; independent of torch). ----

def _conv(x, w, b, a):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    assert list(a.get("pads", [0, 0, 0, 0])) == [0, 0, 0, 0] and list(a.get("strides", [1, 1])) == [1, 1]
    oh, ow = h - kh + 1, wd - kw + 1
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + oh, j:j + ow]
    y = np.einsum("nckluv,ockl->nouv", cols, w.astype(np.float64), optimize=True)
    return y + b.reshape(1, o, 1, 1)


def _maxpool(x, a):
    assert list(a["kernel_shape"]) == [2, 2] and list(a["strides"]) == [2, 2]
    n, c, h, w = x.shape
    return x[:, :, :h // 2 * 2, :w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def run_graph(model, x):
    """Evaluate the graph on x (float [N,28,28,1]) in float64; returns every value by name."""
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env[model.graph.input[0].name] = x.astype(np.float64)
    for node in model.graph.node:
        a = {at.name: helper.get_attribute_value(at) for at in node.attribute}
        i = [env[name] for name in node.input]
        if node.op_type == "Transpose":
            y = i[0].transpose(a["perm"])
        elif node.op_type == "Conv":
            y = _conv(i[0], i[1], i[2], a)
        elif node.op_type == "Relu":
            y = np.maximum(i[0], 0)
        elif node.op_type == "MaxPool":
            y = _maxpool(i[0], a)
        elif node.op_type == "Reshape":
            y = i[0].reshape([int(d) for d in i[1]])
        elif node.op_type == "MatMul":
            y = i[0] @ i[1].astype(np.float64)
        elif node.op_type == "Add":
            y = i[0] + i[1]
        elif node.op_type == "Softmax":
            assert a.get("axis", -1) == -1
            e = np.exp(i[0] - i[0].max(axis=-1, keepdims=True))
            y = e / e.sum(axis=-1, keepdims=True)
        else:
            raise NotImplementedError(node.op_type)
        env[node.output[0]] = y
    return env


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", default=os.environ.get("EDGEDIGITS_MNIST_DIR"), help="MNIST IDX directory; default $EDGEDIGITS_MNIST_DIR")
    p.add_argument("--weights", default="models/keras-cnn.pytorch.onnx", help="PyTorch-layout ONNX of train_lenet5.py --arch keras-cnn")
    p.add_argument("--out", default="models/keras-cnn.onnx")
    p.add_argument("--check", type=int, default=256, help="test images compared value by value with PyTorch")
    p.add_argument("--reference-count", type=int, default=32)
    args = p.parse_args()
    if not args.mnist:
        sys.exit("error: pass --mnist DIR or set EDGEDIGITS_MNIST_DIR")

    import torch
    torch.set_num_threads(1)
    weights = load_weights(args.weights)
    model = build_graph(weights)
    data = train.load_mnist(args.mnist)
    x_test, y_test = data["test"]

    # PyTorch reference: the keras-cnn architecture with the same weights, NCHW input.
    net = train.build_model("keras-cnn")
    train.load_onnx_weights(net, args.weights)
    net.eval()
    with torch.no_grad():
        x_nchw = train.normalize(x_test.float().unsqueeze(1) / 255.0)
        torch_logits = torch.cat([net(x_nchw[i:i + 1000]) for i in range(0, len(x_nchw), 1000)]).double().numpy()
    torch_softmax = np.exp(torch_logits - torch_logits.max(1, keepdims=True))
    torch_softmax /= torch_softmax.sum(1, keepdims=True)
    x_nhwc = x_nchw.numpy().transpose(0, 2, 3, 1)  # the same normalized pixels, laid out [N,28,28,1]

    runs = [run_graph(model, x_nhwc[i:i + 500]) for i in range(0, len(x_nhwc), 500)]
    graph_out = np.concatenate([r["dense_1"] for r in runs])
    graph_logits = np.concatenate([r["sequential/dense_1/BiasAdd:0"] for r in runs])
    diff = np.abs(graph_out[:args.check] - torch_softmax[:args.check]).max()
    logit_diff = np.abs(graph_logits[:args.check] - torch_logits[:args.check]).max()
    agree = int((graph_out.argmax(1) == torch_logits.argmax(1)).sum())
    acc = float((graph_out.argmax(1) == y_test.numpy()).mean())
    print(f"numpy evaluation of the graph vs PyTorch softmax, first {args.check} test images: max |diff| {diff:.2e} "
          f"(pre-softmax values vs PyTorch logits: max |diff| {logit_diff:.2e})")
    print(f"argmax agrees on {agree:,} / {len(x_nhwc):,} test images; graph accuracy on MNIST test {acc * 100:.2f}%")
    assert diff < 1e-5, f"graph output differs from PyTorch softmax by {diff}"
    assert logit_diff < 1e-3, f"graph's pre-softmax values differ from PyTorch logits by {logit_diff}"
    assert agree == len(x_nhwc)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    onnx.save(model, args.out)
    with open(args.out, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    n = args.reference_count
    reference = {"model_sha256": sha,
                 "source": "PyTorch " + torch.__version__ + ", tools/train/keras_layout_onnx.py (weights of tools/train/train_lenet5.py --arch keras-cnn)",
                 "graph_output": "softmax",
                 "note": "the graph ends in Softmax: its output dense_1 must equal 'softmax'; 'logits' are PyTorch's pre-softmax values. Input is the NHWC layout [1,28,28,1] of the same normalized image.",
                 "indices": list(range(n)),
                 "softmax": [[float(f"{v:.6g}") for v in row] for row in torch_softmax[:n].tolist()],
                 "logits": [[float(f"{v:.6g}") for v in row] for row in torch_logits[:n].tolist()]}
    ref_path = os.path.splitext(args.out)[0] + ".reference-logits.json"
    with open(ref_path, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out} ({os.path.getsize(args.out):,} bytes, sha256 {sha}) and {ref_path}")


if __name__ == "__main__":
    main()
