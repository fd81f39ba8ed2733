#!/usr/bin/env python3
"""Train the EdgeDigits LeNet-5 (or another network of the model zoo, --arch) on MNIST and export it to ONNX
(opset 13, input `input` float [1,1,28,28], output `logits` [1,10], no softmax).

Architectures (--arch; all ReLU, convs stride 1 without padding, 2x2/2 max pools, PyTorch NCHW flatten):
  lenet5 (default, the shipped model; LeCun et al., "Gradient-based learning applied to document recognition",
          1998, modern ReLU + max-pool variant): conv 6@5x5 -> ReLU -> maxpool 2 -> conv 16@5x5 -> ReLU ->
          maxpool 2 -> flatten 256 -> fc 120 -> ReLU -> fc 84 -> ReLU -> fc 10 (44,426 parameters).
  mlp:        flatten 784 -> fc 128 -> ReLU -> fc 64 -> ReLU -> fc 10 (109,386 parameters).
  simple-cnn: conv 16@5x5 -> ReLU -> maxpool 2 -> conv 32@5x5 -> ReLU -> maxpool 2 -> flatten 512 -> fc 128 ->
              ReLU -> fc 10 (80,202 parameters).
  keras-cnn:  conv 8@5x5 -> ReLU -> maxpool 2 -> conv 16@3x3 -> ReLU -> maxpool 2 -> flatten 400 -> fc 256 ->
              ReLU -> fc 10 (106,602 parameters); tools/train/keras_layout_onnx.py turns its weights into the
              NHWC graph tf2onnx makes of a Keras Sequential model.
  linear:     flatten 784 -> fc 10 (7,850 parameters): the linear-SVM baseline, trained here with the same
              cross-entropy loss as the others (multinomial logistic regression), not a hinge loss.
Every architecture uses the same data, renderer, augmentation, schedule, seed and determinism. The default
(--arch lenet5) trains the shipped model: its command below reproduces models/lenet5.onnx byte-identically. Input normalization: (x/255 - 0.5)/0.5.

Augmentation for finger-drawn input, applied on the fly to every training batch:
  * stroke-thickness variation: soft grey-level dilation (3x3 max filter) or erosion (3x3 min filter),
  * a random affine map: rotation, shear, isotropic scale and shift (bilinear resampling).

Real handwriting (--pen FILE.jsonl, --extra FILE.jsonl ...): stroke files are rendered into 28x28 images by
the project's own `edgedigits render`, i.e. through the device's StrokeBuffer, segmenter and InkNormalizer, so
the network trains on exactly the pixels a board feeds it. --pen splits the file by writer with the project's
rule (see WRITER SPLIT below and tools/EdgeDigits.Tooling/PenDigits/WriterSplit.cs): training writers (with
--pen-variants stroke-level variants each) join the training set, validation writers are only measured.
--pen-repeat N puts each rendered training-writer image N times into every epoch (oversampling; tried, not
shipped: docs/ink.md, "Weighting the pen digits").
--ema D measures and exports an exponential moving average of the weights (decay D per step; tried, not shipped:
docs/ink.md, "Weight averaging").
--extra files (e.g. teach-mode recordings) join the training set whole. --init MODEL.onnx starts from a trained
model's weights instead of random ones (fine-tuning; use a few --epochs and a lower --lr).

Activation sparsity (--activation-l1 L --activation-l1-weighting macs): the device's kernels skip zero inputs
(conv2 skips pool1 values equal to their background, fc1 and fc2 skip ReLU zeros), so every activation driven to
zero is work the board does not do. The loss adds L times the L1 norm of those three inputs, each term weighted by
the MACs its elements fan out to (conv2 153,600, fc1 30,720, fc2 10,080): an L1 surrogate of the MACs still run
(the idea of Kurtz et al., "Inducing and exploiting activation sparsity for fast inference on deep neural
networks", ICML 2020). It changes which weights are learned, never the network's shape or the runtime.

Choosing a recipe (--cv-fold K --cv-folds N): the 92 training writers are split again into N folds by a second
hash of the writer (CROSS-VALIDATION FOLD below); fold K's writers are measured and the other folds' writers trained
on, with MNIST as usual. The 36 validation writers are not read at all, so a recipe is chosen without looking at the
writers the shipped figures are measured on (docs/ink.md, "Choosing the training recipe").

Reproducible: every random draw comes from generators seeded by --seed; torch runs single-threaded
and with deterministic algorithms, so the same command on the same torch build gives the same file.

Usage:
  /usr/bin/python3 tools/train/train_lenet5.py --mnist ../shared/data/mnist \
      --pen ../shared/data/pen-digits/unipen-1a-dev.jsonl --out models/lenet5.onnx
  # fine-tune the shipped model on your own digits (teach mode):
  /usr/bin/python3 tools/train/train_lenet5.py --init models/lenet5.onnx --extra my-digits.jsonl \
      --epochs 4 --lr 5e-4 --clean-epochs 1 --out my-lenet5.onnx
  # one fold of the recipe cross-validation (the validation writers are not read):
  /usr/bin/python3 tools/train/train_lenet5.py --mnist ../shared/data/mnist \
      --pen ../shared/data/pen-digits/unipen-1a-dev.jsonl --cv-fold 0 --cv-folds 3 --epochs 15 --out /tmp/f0.onnx
  # another network of the zoo (default --out models/<arch>.onnx):
  /usr/bin/python3 tools/train/train_lenet5.py --arch mlp --epochs 15 --mnist ../shared/data/mnist \
      --pen ../shared/data/pen-digits/unipen-1a-dev.jsonl
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    """Read an IDX file (raw or .gz) into a numpy uint8 array; checks magic and length."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: truncated IDX header ({len(data)} bytes)")
    zero, dtype, ndim = data[0:2], data[2], data[3]
    if zero != b"\x00\x00" or dtype != 0x08 or ndim not in (1, 3):
        raise ValueError(f"{path}: bad IDX magic {data[0:4].hex()}")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    count = int(np.prod(dims))
    body = data[4 + 4 * ndim:]
    if len(body) != count:
        raise ValueError(f"{path}: expected {count} data bytes, found {len(body)}")
    return np.frombuffer(body, dtype=np.uint8).reshape(dims)


def find(directory, stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(directory, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f"{stem}(.gz) not found in {directory}")


def load_mnist(directory):
    out = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        x = read_idx(find(directory, f"{prefix}-images-idx3-ubyte"))
        y = read_idx(find(directory, f"{prefix}-labels-idx1-ubyte"))
        if len(x) != len(y):
            raise ValueError(f"{split}: {len(x)} images but {len(y)} labels")
        out[split] = (torch.from_numpy(x.copy()), torch.from_numpy(y.astype(np.int64)))
    return out


# Weight of the MAC-weighted activation L1 penalty of the shipped LeNet-5: the largest of 0.1 and 0.2 whose 3-fold
# cross-validation over the training writers lost no more than one standard error of pen accuracy against no
# penalty (docs/ink.md, "Choosing the training recipe").
SHIPPED_ACTIVATION_L1 = 0.2

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def is_validation_writer(writer):
    """WRITER SPLIT: the first four bytes of SHA-256(writer), big-endian, divisible by 4 (same as WriterSplit.cs)."""
    return int.from_bytes(hashlib.sha256(writer.encode("utf-8")).digest()[:4], "big") % 4 == 0


def writer_of(drawing_id):
    """The writer key of a drawing id: everything before its last '/' (same as WriterSplit.WriterOf)."""
    slash = drawing_id.rfind("/")
    return drawing_id if slash <= 0 else drawing_id[:slash]


def cv_fold_of(writer, folds):
    """CROSS-VALIDATION FOLD of a training writer: the first four bytes of SHA-256("cv:" + writer), big-endian,
    modulo --cv-folds. A second hash, independent of the writer split, so the validation writers never take part."""
    return int.from_bytes(hashlib.sha256(("cv:" + writer).encode("utf-8")).digest()[:4], "big") % folds


def split_cv_fold(pen_file, fold, folds, out_dir):
    """Write the training writers of pen_file into two stroke files: the writers of `fold` (measured) and the others
    (trained on). Returns (train_path, held_out_path, trained writers, held-out writers)."""
    kept, held = [], []
    writers_kept, writers_held = set(), set()
    with open(pen_file, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            writer = writer_of(json.loads(line).get("id") or "")
            if not writer or is_validation_writer(writer):
                continue
            if cv_fold_of(writer, folds) == fold:
                held.append(line)
                writers_held.add(writer)
            else:
                kept.append(line)
                writers_kept.add(writer)
    train_path = os.path.join(out_dir, "cv-train.jsonl")
    held_path = os.path.join(out_dir, "cv-held.jsonl")
    for path, lines in ((train_path, kept), (held_path, held)):
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(line if line.endswith("\n") else line + "\n" for line in lines)
    return train_path, held_path, len(writers_kept), len(writers_held)


def render(files, writers, variants, seed, out_dir, name, render_cmd):
    """Render stroke files with `edgedigits render` (the device's pipeline) and load the IDX result."""
    prefix = os.path.join(out_dir, name)
    cmd = render_cmd + ["render"] + [os.path.abspath(f) for f in files] + ["--out", prefix, "--writers", writers, "--variants", str(variants), "--seed", str(seed)]
    print("rendering:", " ".join(cmd), flush=True)
    done = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    summary = [line for line in done.stderr.splitlines() if not line.startswith("skipped: ")]
    print("\n".join(summary), flush=True)
    if done.returncode != 0:
        sys.exit(f"error: rendering {', '.join(files)} failed (exit code {done.returncode})")
    x = read_idx(prefix + "-images-idx3-ubyte.gz")
    y = read_idx(prefix + "-labels-idx1-ubyte.gz")
    if len(x) != len(y):
        raise ValueError(f"{prefix}: {len(x)} images but {len(y)} labels")
    return torch.from_numpy(x.copy()), torch.from_numpy(y.astype(np.int64))


def load_onnx_weights(model, path):
    """Copy the initializers of an ONNX file exported by this script into the model (for --init)."""
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(path).graph
    tensors = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    state = model.state_dict()
    missing = [k for k in state if k not in tensors]
    if missing:
        sys.exit(f"error: --init {path}: no initializer named {', '.join(missing)} (expected a file exported by this script)")
    for k in state:
        if tuple(tensors[k].shape) != tuple(state[k].shape):
            sys.exit(f"error: --init {path}: {k} has shape {tensors[k].shape}, expected {tuple(state[k].shape)}")
        state[k] = torch.from_numpy(tensors[k].copy())
    model.load_state_dict(state)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        self.pool1 = x
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        self.flat = x
        x = F.relu(self.fc1(x))
        self.hidden1 = x
        x = F.relu(self.fc2(x))
        return self.fc3(x)

    # MACs of the layer that reads each skipped-zero input: conv2 reads pool1, fc1 the flattened pool2, fc2 fc1's output.
    CONSUMER_MACS = (16 * 6 * 25 * 8 * 8, 256 * 120, 120 * 84)

    def activation_l1(self, weighting="equal"):
        """L1 of the three inputs the device's kernels skip zeros of (pool1 for conv2, the flattened pool2 for fc1,
        fc1's output for fc2), of the last forward pass: the mean absolute value of each, summed ("equal"), or
        averaged with weights the MACs of the layer that reads it ("macs"): a non-zero element costs the MACs it
        fans out to, so the penalty is an L1 surrogate of the MAC share the device still runs."""
        means = (self.pool1.abs().mean(), self.flat.abs().mean(), self.hidden1.abs().mean())
        if weighting == "equal":
            return means[0] + means[1] + means[2]
        total = sum(self.CONSUMER_MACS)
        return sum(m * (macs / total) for m, macs in zip(means, self.CONSUMER_MACS))


class MLP(nn.Module):
    """784 -> 128 -> 64 -> 10, ReLU."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class SmallCNN(nn.Module):
    """Two convs (c1@k1, c2@k2), each ReLU + maxpool 2, then fc hidden -> 10 (simple-cnn and keras-cnn)."""

    def __init__(self, c1, k1, c2, k2, hidden):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c1, k1)
        self.conv2 = nn.Conv2d(c1, c2, k2)
        side = ((28 - k1 + 1) // 2 - k2 + 1) // 2
        self.fc1 = nn.Linear(c2 * side * side, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


class Linear(nn.Module):
    """One Gemm 784 -> 10: the linear baseline."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(28 * 28, 10)

    def forward(self, x):
        return self.fc(torch.flatten(x, 1))


# --arch name -> (constructor, parameter count the architecture must have).
ARCHS = {
    "lenet5": (LeNet5, 44_426),
    "mlp": (MLP, 109_386),
    "simple-cnn": (lambda: SmallCNN(16, 5, 32, 5, 128), 80_202),
    "keras-cnn": (lambda: SmallCNN(8, 5, 16, 3, 256), 106_602),
    "linear": (Linear, 7_850),
}


def build_model(arch):
    make, expected = ARCHS[arch]
    model = make()
    params = sum(p.numel() for p in model.parameters())
    assert params == expected, f"--arch {arch}: {params:,} parameters, expected {expected:,}"
    return model


def normalize(x01):
    return (x01 - 0.5) / 0.5


def deskew(x_u8, limit=1.0):
    """Moment deskew (slant normalization): each [28,28] uint8 image is sheared about its centre of mass so that its
    second-order moment mu11 vanishes; output (x, y) samples the input at (x + alpha*(y - cy), y), alpha = mu11/mu02
    clamped to +-limit, bilinear. x_u8: [N,28,28] uint8; returns the same shape and type. Tried, not shipped
    (docs/ink.md, "Slant normalization")."""
    out = []
    ys = torch.arange(28, dtype=torch.float32).view(1, 28, 1)
    xs = torch.arange(28, dtype=torch.float32).view(1, 1, 28)
    for i in range(0, len(x_u8), 5000):
        x = x_u8[i:i + 5000].float() / 255.0
        n = x.shape[0]
        m = x.sum((1, 2)).clamp(min=1e-6)
        cx = ((x * xs).sum((1, 2)) / m).view(n, 1, 1)
        cy = ((x * ys).sum((1, 2)) / m).view(n, 1, 1)
        mu11 = (x * (xs - cx) * (ys - cy)).sum((1, 2)) / m
        mu02 = (x * (ys - cy) ** 2).sum((1, 2)) / m
        alpha = (mu11 / mu02.clamp(min=1e-6)).clamp(-limit, limit).view(n, 1, 1)
        sx = xs.expand(n, 28, 28) + alpha * (ys - cy)
        sy = ys.expand(n, 28, 28)
        grid = torch.stack([(sx + 0.5) / 14 - 1, (sy + 0.5) / 14 - 1], -1)   # pixel centres, align_corners=False
        y = F.grid_sample(x.unsqueeze(1), grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        out.append((y.squeeze(1) * 255).round().clamp(0, 255).to(torch.uint8))
    return torch.cat(out)


def augment(x, gen, args):
    """x: [N,1,28,28] floats in [0,1]. Returns an augmented copy."""
    n = x.shape[0]
    # Stroke thickness: per image choose dilate / erode / keep, blended by a random strength.
    choice = torch.rand(n, generator=gen)
    strength = torch.rand(n, generator=gen) * 0.6 + 0.4
    dil = F.max_pool2d(x, 3, stride=1, padding=1)
    ero = -F.max_pool2d(-x, 3, stride=1, padding=1)
    s = strength.view(n, 1, 1, 1)
    dil_mask = (choice < args.p_dilate).float().view(n, 1, 1, 1)
    ero_mask = ((choice >= args.p_dilate) & (choice < args.p_dilate + args.p_erode)).float().view(n, 1, 1, 1)
    x = x + dil_mask * s * (dil - x) + ero_mask * s * (ero - x)
    # Random affine: rotation, shear, scale, translation (in output pixels).
    rot = (torch.rand(n, generator=gen) * 2 - 1) * math.radians(args.rotate)
    shear = (torch.rand(n, generator=gen) * 2 - 1) * math.radians(args.shear)
    scale = torch.exp((torch.rand(n, generator=gen) * 2 - 1) * math.log(args.scale))
    tx = (torch.rand(n, generator=gen) * 2 - 1) * args.shift * 2 / 28
    ty = (torch.rand(n, generator=gen) * 2 - 1) * args.shift * 2 / 28
    cos, sin = torch.cos(rot), torch.sin(rot)
    # affine_grid maps output coords to input coords: theta = inverse of the forward transform.
    a = cos / scale
    b = (-sin + torch.tan(shear) * cos) / scale
    c = sin / scale
    d = (cos + torch.tan(shear) * sin) / scale
    theta = torch.stack([torch.stack([a, b, tx], 1), torch.stack([c, d, ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False).clamp_(0, 1)
    if args.elastic_alpha > 0:
        x = elastic(x, gen, args.elastic_alpha, args.elastic_sigma)
    return x


def elastic(x, gen, alpha, sigma):
    """Elastic distortion (Simard, Steinkraus, Platt, "Best practices for convolutional neural networks applied to
    visual document analysis", ICDAR 2003): a random displacement field, uniform in [-1, 1] per pixel, smoothed by
    a Gaussian of std `sigma` pixels and scaled by `alpha` pixels; bilinear resampling. x: [N,1,28,28] in [0,1]."""
    n, _, h, w = x.shape
    field = torch.rand(n, 2, h, w, generator=gen) * 2 - 1
    radius = int(math.ceil(3 * sigma))
    taps = torch.arange(-radius, radius + 1, dtype=torch.float32)
    kernel = torch.exp(-taps ** 2 / (2 * sigma ** 2))
    kernel = kernel / kernel.sum()
    field = field.view(n * 2, 1, h, w)
    field = F.conv2d(F.pad(field, (radius, radius, 0, 0), mode="reflect"), kernel.view(1, 1, 1, -1))
    field = F.conv2d(F.pad(field, (0, 0, radius, radius), mode="reflect"), kernel.view(1, 1, -1, 1))
    field = field.view(n, 2, h, w) * alpha
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    gx = (xs + field[:, 0] + 0.5) * 2 / w - 1
    gy = (ys + field[:, 1] + 0.5) * 2 / h - 1
    grid = torch.stack([gx, gy], dim=3)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False).clamp_(0, 1)


def distillation_loss(student_logits, teachers, x, temperature):
    """Knowledge distillation (Hinton, Vinyals, Dean, "Distilling the knowledge in a neural network", 2015): the
    KL divergence from the teachers' mean softened distribution softmax(z/T) to the student's, times T^2 so its
    gradients keep their size as T changes. x: the normalized batch [N,1,28,28] the student saw."""
    with torch.no_grad():
        target = torch.stack([F.softmax(t(x) / temperature, 1) for t in teachers]).mean(0)
    log_student = F.log_softmax(student_logits / temperature, 1)
    return F.kl_div(log_student, target, reduction="batchmean") * temperature ** 2


def evaluate(model, x_u8, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x_u8), batch):
            xb = normalize(x_u8[i:i + batch].float().unsqueeze(1) / 255.0)
            correct += (model(xb).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x_u8)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", default=os.environ.get("EDGEDIGITS_MNIST_DIR"), help="directory with MNIST IDX files (.gz or raw); default $EDGEDIGITS_MNIST_DIR")
    p.add_argument("--arch", choices=sorted(ARCHS), default="lenet5", help="network to train (default lenet5, the shipped model)")
    p.add_argument("--out", help="ONNX file to write; default models/<arch>.onnx")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3, help="peak learning rate of the one-cycle schedule")
    p.add_argument("--seed", type=int, default=20261121)
    p.add_argument("--rotate", type=float, default=12.0, help="max rotation, degrees")
    p.add_argument("--shear", type=float, default=10.0, help="max shear, degrees")
    p.add_argument("--scale", type=float, default=1.12, help="max isotropic scale factor (and its inverse)")
    p.add_argument("--shift", type=float, default=2.0, help="max shift, pixels")
    p.add_argument("--p-dilate", type=float, default=0.25)
    p.add_argument("--p-erode", type=float, default=0.15)
    p.add_argument("--clean-epochs", type=int, default=2, help="final epochs trained without augmentation")
    p.add_argument("--reference-count", type=int, default=32, help="test images whose float logits are saved for the C# float-graph test")
    p.add_argument("--pen", help="real pen-digit stroke file split by writer: training writers are trained on, validation writers measured")
    p.add_argument("--pen-variants", type=int, default=4, help="stroke-level variants per training-writer drawing (edgedigits render --variants)")
    p.add_argument("--pen-repeat", type=int, default=1, help="times each rendered training-writer image appears per epoch "
                   "(oversampling; each appearance is augmented independently)")
    p.add_argument("--extra", nargs="*", default=[], help="more labelled stroke files trained on whole (e.g. teach-mode recordings)")
    p.add_argument("--extra-variants", type=int, default=4, help="stroke-level variants per --extra drawing")
    p.add_argument("--init", help="start from the weights of this ONNX file (fine-tuning) instead of random weights")
    p.add_argument("--elastic-alpha", type=float, default=0.0,
                   help="elastic distortion strength in pixels (Simard et al. 2003); 0 (default) turns it off")
    p.add_argument("--elastic-sigma", type=float, default=4.0, help="smoothing of the elastic field, pixels")
    p.add_argument("--activation-l1", type=float,
                   help="weight of an L1 penalty on the activations the device skips zeros of (lenet5 only): "
                        f"sparser activations, fewer IL per inference; default {SHIPPED_ACTIVATION_L1} for lenet5 "
                        "(chosen by --cv-fold, docs/ink.md), 0 turns it off")
    p.add_argument("--activation-l1-weighting", choices=["equal", "macs"], default="macs",
                   help="how --activation-l1 weighs its three inputs: by the MACs each element fans out to (default), or equally")
    p.add_argument("--deskew", action="store_true", help="slant-normalize every image (moment deskew) before training and "
                   "measuring; tried, not shipped: the device does not deskew (docs/ink.md, \"Slant normalization\")")
    p.add_argument("--ema", type=float, default=0.0,
                   help="weight averaging: keep an exponential moving average of the weights with this decay per step "
                   "(Polyak & Juditsky 1992); the averaged weights are measured and exported. 0 = off")
    p.add_argument("--label-smoothing", type=float, default=0.0, help="label smoothing of the cross-entropy loss")
    p.add_argument("--teacher", nargs="*", default=[], help="knowledge distillation: ONNX files of --teacher-arch "
                   "networks exported by this script; the student also learns their mean softened probabilities")
    p.add_argument("--teacher-arch", choices=sorted(ARCHS), default="lenet5", help="architecture of every --teacher")
    p.add_argument("--distill-temperature", type=float, default=4.0, help="softmax temperature T of distillation")
    p.add_argument("--distill-weight", type=float, default=0.9,
                   help="weight alpha of the distillation term; the hard-label cross-entropy gets 1 - alpha")
    p.add_argument("--cv-fold", type=int, help="with --pen: measure training writers of this fold (0-based) and train "
                   "on the other folds' writers only (choosing a recipe without touching the validation writers)")
    p.add_argument("--cv-folds", type=int, default=3, help="number of cross-validation folds of the training writers")
    p.add_argument("--render-cmd", default="dotnet run --project tools/EdgeDigits.Cli --",
                   help="command that runs `edgedigits` (from the repository root)")
    args = p.parse_args()
    if not args.mnist:
        sys.exit("error: pass --mnist DIR or set EDGEDIGITS_MNIST_DIR")
    if args.out is None:
        args.out = f"models/{args.arch}.onnx"
    if args.cv_fold is not None and (not args.pen or args.cv_folds < 2 or not 0 <= args.cv_fold < args.cv_folds):
        sys.exit("error: --cv-fold needs --pen, --cv-folds of at least 2 and a fold in 0..--cv-folds-1")
    if args.pen_repeat < 1:
        sys.exit(f"error: --pen-repeat must be at least 1, was {args.pen_repeat}")
    if args.activation_l1 is not None and not (args.activation_l1 >= 0 and math.isfinite(args.activation_l1)):
        sys.exit(f"error: --activation-l1 must be a finite number >= 0, was {args.activation_l1}")
    if args.activation_l1 is None:
        args.activation_l1 = SHIPPED_ACTIVATION_L1 if args.arch == "lenet5" else 0.0
    if args.activation_l1 > 0 and args.arch != "lenet5":
        sys.exit("error: --activation-l1 is implemented for --arch lenet5 only")

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    gen = torch.Generator().manual_seed(args.seed)

    data = load_mnist(args.mnist)
    x_train, y_train = data["train"]
    x_test, y_test = data["test"]
    x_val = y_val = None
    render_cmd = args.render_cmd.split()
    with tempfile.TemporaryDirectory() as tmp:
        parts_x, parts_y = [x_train], [y_train]
        if args.pen and args.cv_fold is not None:
            train_file, held_file, n_kept, n_held = split_cv_fold(args.pen, args.cv_fold, args.cv_folds, tmp)
            print(f"cross-validation fold {args.cv_fold}/{args.cv_folds}: training on {n_kept} training writers, "
                  f"measuring {n_held} held-out training writers; the validation writers are not read", flush=True)
            px, py = render([train_file], "All", args.pen_variants, args.seed, tmp, "pen-train", render_cmd)
            parts_x += [px] * args.pen_repeat
            parts_y += [py] * args.pen_repeat
            x_val, y_val = render([held_file], "All", 0, args.seed, tmp, "pen-val", render_cmd)
        elif args.pen:
            px, py = render([args.pen], "Train", args.pen_variants, args.seed, tmp, "pen-train", render_cmd)
            parts_x += [px] * args.pen_repeat
            parts_y += [py] * args.pen_repeat
            x_val, y_val = render([args.pen], "Validation", 0, args.seed, tmp, "pen-val", render_cmd)
        if args.extra:
            ex, ey = render(args.extra, "All", args.extra_variants, args.seed, tmp, "extra", render_cmd)
            parts_x.append(ex)
            parts_y.append(ey)
        x_train, y_train = torch.cat(parts_x), torch.cat(parts_y)
    if args.deskew:
        x_train, x_test = deskew(x_train), deskew(x_test)
        x_val = deskew(x_val) if x_val is not None else None
    print(f"training on {len(x_train):,} images ({len(x_train) - 60000:,} rendered from strokes)"
          + (f"; pen {'held-out training' if args.cv_fold is not None else 'validation'} writers: {len(x_val):,} digits"
             if x_val is not None else ""), flush=True)
    model = build_model(args.arch)
    print(f"--arch {args.arch}: {sum(p.numel() for p in model.parameters()):,} parameters", flush=True)
    if args.init:
        load_onnx_weights(model, args.init)
        print(f"initialized from {args.init}: MNIST test {evaluate(model, x_test, y_test) * 100:.2f}%"
              + (f", pen validation {evaluate(model, x_val, y_val) * 100:.2f}%" if x_val is not None else ""), flush=True)
    teachers = []
    for path in args.teacher:
        teacher = build_model(args.teacher_arch)
        load_onnx_weights(teacher, path)
        teacher.eval()
        teachers.append(teacher)
        print(f"teacher {path}: MNIST test {evaluate(teacher, x_test, y_test) * 100:.2f}%"
              + (f", pen {evaluate(teacher, x_val, y_val) * 100:.2f}%" if x_val is not None else ""), flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = math.ceil(len(x_train) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch)

    averaged = None
    if args.ema > 0:
        averaged = build_model(args.arch)
        averaged.load_state_dict(model.state_dict())
    t_start = time.time()
    for epoch in range(args.epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(len(x_train), generator=gen)
        clean = epoch >= args.epochs - args.clean_epochs
        total_loss = 0.0
        for i in range(0, len(x_train), args.batch):
            idx = perm[i:i + args.batch]
            xb = x_train[idx].float().unsqueeze(1) / 255.0
            if not clean:
                xb = augment(xb, gen, args)
            xn = normalize(xb)
            logits = model(xn)
            loss = F.cross_entropy(logits, y_train[idx], label_smoothing=args.label_smoothing)
            if teachers:
                loss = (1 - args.distill_weight) * loss + args.distill_weight * distillation_loss(
                    logits, teachers, xn, args.distill_temperature)
            if args.activation_l1 > 0:
                loss = loss + args.activation_l1 * model.activation_l1(args.activation_l1_weighting)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if averaged is not None:
                with torch.no_grad():
                    for a, w in zip(averaged.parameters(), model.parameters()):
                        a.mul_(args.ema).add_(w, alpha=1.0 - args.ema)
            total_loss += loss.item() * len(idx)
        if averaged is not None and epoch == args.epochs - 1:
            model.load_state_dict(averaged.state_dict())   # the exported weights
        measured = model if averaged is None else averaged
        acc = evaluate(measured, x_test, y_test)
        pen_acc = evaluate(measured, x_val, y_val) if x_val is not None else None
        print(f"epoch {epoch + 1:2d}/{args.epochs}  loss {total_loss / len(x_train):.4f}  test acc {acc * 100:.2f}%  "
              + (f"pen val {pen_acc * 100:.2f}%  " if pen_acc is not None else "")
              + f"{'clean' if clean else 'augmented'}  {time.time() - t0:.0f}s", flush=True)

    train_seconds = time.time() - t_start
    print(f"trained {args.epochs} epochs in {train_seconds:.0f}s", flush=True)
    if args.arch == "lenet5":
        # Share of non-zero (float) activations on the MNIST test set where the device skips zeros: a proxy of its IL.
        model.eval()
        nonzero = [0.0, 0.0, 0.0]
        with torch.no_grad():
            for i in range(0, len(x_test), 1000):
                model(normalize(x_test[i:i + 1000].float().unsqueeze(1) / 255.0))
                for j, a in enumerate((model.pool1, model.flat, model.hidden1)):
                    nonzero[j] += (a > 0).float().mean().item() * len(a) / len(x_test)
        print("non-zero activations, MNIST test: pool1 {:.1%}, fc1 input {:.1%}, fc2 input {:.1%}".format(*nonzero), flush=True)

    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), args.out, opset_version=13,
                      input_names=["input"], output_names=["logits"], do_constant_folding=True)
    with open(args.out, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    # Float reference logits for the first test images: an independent check of the C# float graph.
    with torch.no_grad():
        ref = model(normalize(x_test[:args.reference_count].float().unsqueeze(1) / 255.0))
    reference = {"model_sha256": sha, "source": "PyTorch " + torch.__version__ + ", tools/train/train_lenet5.py"
                 + ("" if args.arch == "lenet5" else " --arch " + args.arch),
                 "indices": list(range(args.reference_count)),
                 "logits": [[float(f"{v:.6g}") for v in row] for row in ref.tolist()]}
    ref_path = os.path.splitext(args.out)[0] + ".reference-logits.json"
    with open(ref_path, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    params = sum(p.numel() for p in model.parameters())
    summary = {"float_test_accuracy": acc, "float_pen_validation_accuracy": pen_acc, "parameters": params, "sha256": sha, "arch": args.arch, "epochs": args.epochs, "train_seconds": round(train_seconds),
               "seed": args.seed, "torch": torch.__version__, "args": vars(args)}
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
