#!/usr/bin/python3
"""Writes the test models and data in tests/data/ (run with Debian's /usr/bin/python3; needs
python3-onnx and python3-numpy, no PyPI, no torch).

Models (random weights, fixed seed):
  mlp.onnx   Fashion-MNIST-sized MLP 784-256-128-10: Gemm(transB=1)+Relu, Gemm+Relu,
             MatMul+Add (folded into one Dense by the importer); input x [N, 784], N symbolic.
  cnn.onnx   Conv 1->8 3x3 pad 1, BatchNormalization, Relu, MaxPool 2, Conv 8->16 3x3, Relu,
             GlobalAveragePool, Flatten, Gemm 16->10, Softmax; input [1, 1, 28, 28].
  lstm.onnx  LSTM input 8, hidden 16, 5 time steps (X [5, 1, 8]), Y_h -> Reshape [1, 16] ->
             Gemm 16->4.
  ops.onnx   the other operators on [1, 2, 9, 9]: Conv stride 2 with asymmetric pads, Sigmoid,
             AveragePool 3x3 pad 1 (count_include_pad 0), Conv 2x2 dilation 2, Tanh, Mul by a
             per-channel constant, Add of two activations, Reshape [1, -1], Gemm to 5.
  residual.onnx  a residual MLP 32-48-48-10: Gemm+Relu (a1), Gemm, Add(fc2 output, a1) across
             the layers, Relu, Mul by a per-feature constant [1, 48], Gemm to 10; input x [N, 32].
             Written from its own generator (seed 20261124) so the models above stay
             byte-identical.
Bad files:
  bad_einsum.onnx      an unsupported operator (Einsum) after a Gemm
  bad_truncated.onnx   cnn.onnx cut in the middle
  bad_shape.onnx       Gemm weights [10, 100] on an input [1, 784]
  bad_fortran.npy, bad_float64.npy, bad_truncated.npy
Data:
  fmnist_u8.npy        uint8 [32, 28, 28] random "images"
  fmnist_inputs.npy    float32 [32, 784] = fmnist_u8 / 255
  fmnist_labels.npy    uint8 [32] random labels 0..9
  lstm_inputs.npy      float32 [32, 5, 1, 8]
  residual_inputs.npy  float32 [8, 32]
  *_expected.npy       float32 outputs of the first 4 inputs, computed here with numpy in
                       float64 (independent of the C++ reference interpreter)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "data")
EXPECTED_SAMPLES = 4
rng = np.random.default_rng(20261123)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def init(name, a):
    return numpy_helper.from_array(np.asarray(a), name)


def save(model, name):
    model.opset_import[0].version = 13
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name))


def weights(shape, fan_in):
    return f32(rng.normal(0.0, 1.0 / np.sqrt(fan_in), size=shape))


# ---------------------------------------------------------------------------- numpy reference
def relu(x):
    return np.maximum(x, 0.0)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def conv2d(x, w, b, pad):
    """x [C, H, W], w [M, C, kh, kw], stride 1, symmetric padding."""
    c, h, wd = x.shape
    m, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    oh, ow = h + 2 * pad - kh + 1, wd + 2 * pad - kw + 1
    y = np.zeros((m, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, i:i + kh, j:j + kw]
            y[:, i, j] = np.tensordot(w, patch, axes=([1, 2, 3], [0, 1, 2]))
    return y + b[:, None, None]


def maxpool2(x):
    c, h, w = x.shape
    return x[:, :h // 2 * 2, :w // 2 * 2].reshape(c, h // 2, 2, w // 2, 2).max(axis=(2, 4))


def softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


# ---------------------------------------------------------------------------- MLP
def make_mlp(inputs):
    w1 = weights((256, 784), 784)  # Gemm transB=1: [out, in]
    b1 = f32(rng.normal(0, 0.1, 256))
    w2 = weights((256, 128), 256)  # Gemm transB=0: [in, out]
    b2 = f32(rng.normal(0, 0.1, 128))
    w3 = weights((128, 10), 128)  # MatMul [in, out]
    b3 = f32(rng.normal(0, 0.1, 10))
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h1"], name="fc1", transB=1),
        helper.make_node("Relu", ["h1"], ["a1"], name="relu1"),
        helper.make_node("Gemm", ["a1", "w2", "b2"], ["h2"], name="fc2"),
        helper.make_node("Relu", ["h2"], ["a2"], name="relu2"),
        helper.make_node("MatMul", ["a2", "w3"], ["m3"], name="fc3"),
        helper.make_node("Add", ["m3", "b3"], ["logits"], name="fc3_bias"),
    ]
    graph = helper.make_graph(
        nodes, "mlp_784_256_128_10",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 784])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])],
        [init("w1", w1), init("b1", b1), init("w2", w2), init("b2", b2), init("w3", w3),
         init("b3", b3)])
    save(helper.make_model(graph), "mlp.onnx")
    out = []
    for x in inputs[:EXPECTED_SAMPLES].astype(np.float64):
        a1 = relu(w1.astype(np.float64) @ x + b1)
        a2 = relu(a1 @ w2.astype(np.float64) + b2)
        out.append(a2 @ w3.astype(np.float64) + b3)
    np.save(os.path.join(OUT, "mlp_expected.npy"), f32(out))


# ---------------------------------------------------------------------------- CNN
def make_cnn(inputs):
    c1w, c1b = weights((8, 1, 3, 3), 9), f32(rng.normal(0, 0.1, 8))
    bn_s, bn_b = f32(rng.uniform(0.5, 1.5, 8)), f32(rng.normal(0, 0.1, 8))
    bn_m, bn_v = f32(rng.normal(0, 0.1, 8)), f32(rng.uniform(0.5, 2.0, 8))
    c2w, c2b = weights((16, 8, 3, 3), 72), f32(rng.normal(0, 0.1, 16))
    fw, fb = weights((10, 16), 16), f32(rng.normal(0, 0.1, 10))
    eps = 1e-5
    nodes = [
        helper.make_node("Conv", ["x", "c1w", "c1b"], ["c1"], name="conv1", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "bn_s", "bn_b", "bn_m", "bn_v"], ["bn1"],
                         name="bn1", epsilon=eps),
        helper.make_node("Relu", ["bn1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Conv", ["p1", "c2w", "c2b"], ["c2"], name="conv2", kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
        helper.make_node("GlobalAveragePool", ["r2"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fw", "fb"], ["logits"], name="fc", transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], name="softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "cnn_small",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 28, 28])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, 10])],
        [init("c1w", c1w), init("c1b", c1b), init("bn_s", bn_s), init("bn_b", bn_b),
         init("bn_m", bn_m), init("bn_v", bn_v), init("c2w", c2w), init("c2b", c2b),
         init("fw", fw), init("fb", fb)])
    save(helper.make_model(graph), "cnn.onnx")
    d = np.float64
    out, logits_out = [], []
    for x in inputs[:EXPECTED_SAMPLES].astype(d):
        y = conv2d(x.reshape(1, 28, 28), c1w.astype(d), c1b.astype(d), 1)
        k = bn_s.astype(d) / np.sqrt(bn_v.astype(d) + eps)
        y = k[:, None, None] * (y - bn_m.astype(d)[:, None, None]) + bn_b.astype(d)[:, None, None]
        y = maxpool2(relu(y))
        y = relu(conv2d(y, c2w.astype(d), c2b.astype(d), 0))
        g = y.mean(axis=(1, 2))
        logits = fw.astype(d) @ g + fb
        logits_out.append(logits)
        out.append(softmax(logits))
    np.save(os.path.join(OUT, "cnn_expected.npy"), f32(out))
    np.save(os.path.join(OUT, "cnn_expected_logits.npy"), f32(logits_out))


# ---------------------------------------------------------------------------- LSTM
def make_lstm():
    I, H, T = 8, 16, 5
    W = weights((1, 4 * H, I), H)
    R = weights((1, 4 * H, H), H)
    B = f32(rng.normal(0, 0.1, (1, 8 * H)))
    fw, fb = weights((H, 4), H), f32(rng.normal(0, 0.1, 4))
    nodes = [
        helper.make_node("LSTM", ["x", "W", "R", "B"], ["", "y_h"], name="lstm", hidden_size=H),
        helper.make_node("Reshape", ["y_h", "shape"], ["h"], name="reshape"),
        helper.make_node("Gemm", ["h", "fw", "fb"], ["y"], name="fc"),
    ]
    graph = helper.make_graph(
        nodes, "lstm_tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [T, 1, I])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
        [init("W", W), init("R", R), init("B", B), init("shape", np.array([1, H], np.int64)),
         init("fw", fw), init("fb", fb)])
    save(helper.make_model(graph), "lstm.onnx")
    xs = f32(rng.uniform(-1, 1, (32, T, 1, I)))
    np.save(os.path.join(OUT, "lstm_inputs.npy"), xs)
    d = np.float64
    Wd, Rd, Bd = W[0].astype(d), R[0].astype(d), B[0].astype(d)
    out = []
    for x in xs[:EXPECTED_SAMPLES].astype(d):
        h, c = np.zeros(H), np.zeros(H)
        for t in range(T):
            g = Wd @ x[t, 0] + Rd @ h + Bd[:4 * H] + Bd[4 * H:]
            i, o, f, cc = sigmoid(g[:H]), sigmoid(g[H:2 * H]), sigmoid(g[2 * H:3 * H]), np.tanh(
                g[3 * H:])
            c = f * c + i * cc
            h = o * np.tanh(c)
        out.append(h @ fw.astype(d) + fb)
    np.save(os.path.join(OUT, "lstm_expected.npy"), f32(out))


# ---------------------------------------------------------------------------- other operators
def conv_general(x, w, b, stride, pads, dil):
    """x [C, H, W], w [M, C, kh, kw]; pads (top, left, bottom, right)."""
    t, l, bt, r = pads
    xp = np.pad(x, ((0, 0), (t, bt), (l, r)))
    _, h, wd = xp.shape
    m, _, kh, kw = w.shape
    oh = (h - dil * (kh - 1) - 1) // stride + 1
    ow = (wd - dil * (kw - 1) - 1) // stride + 1
    y = np.zeros((m, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, i * stride:i * stride + dil * (kh - 1) + 1:dil,
                       j * stride:j * stride + dil * (kw - 1) + 1:dil]
            y[:, i, j] = np.tensordot(w, patch, axes=([1, 2, 3], [0, 1, 2]))
    return y + b[:, None, None]


def avgpool3_pad1_exclude(x):
    c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1)), constant_values=np.nan)
    y = np.zeros((c, h, w))
    for i in range(h):
        for j in range(w):
            y[:, i, j] = np.nanmean(xp[:, i:i + 3, j:j + 3], axis=(1, 2))
    return y


def make_ops():
    c1w, c1b = weights((4, 2, 3, 3), 18), f32(rng.normal(0, 0.1, 4))
    c2w, c2b = weights((3, 4, 2, 2), 16), f32(rng.normal(0, 0.1, 3))
    k = f32(rng.uniform(0.5, 2.0, (1, 3, 1, 1)))
    fw, fb = weights((5, 3 * 2 * 2), 12), f32(rng.normal(0, 0.1, 5))
    nodes = [
        helper.make_node("Conv", ["x", "c1w", "c1b"], ["c1"], name="conv_s2", kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 0, 0, 1]),
        helper.make_node("Sigmoid", ["c1"], ["s1"], name="sig"),
        helper.make_node("AveragePool", ["s1"], ["p1"], name="avg", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1], count_include_pad=0),
        helper.make_node("Conv", ["p1", "c2w", "c2b"], ["c2"], name="conv_d2",
                         kernel_shape=[2, 2], dilations=[2, 2]),
        helper.make_node("Tanh", ["c2"], ["t2"], name="tanh"),
        helper.make_node("Mul", ["t2", "k"], ["m2"], name="scale"),
        helper.make_node("Add", ["t2", "m2"], ["a2"], name="sum"),
        helper.make_node("Reshape", ["a2", "shape"], ["f"], name="reshape"),
        helper.make_node("Gemm", ["f", "fw", "fb"], ["y"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "ops",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 9, 9])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])],
        [init("c1w", c1w), init("c1b", c1b), init("c2w", c2w), init("c2b", c2b), init("k", k),
         init("shape", np.array([1, -1], np.int64)), init("fw", fw), init("fb", fb)])
    save(helper.make_model(graph), "ops.onnx")
    xs = f32(rng.uniform(-1, 1, (8, 1, 2, 9, 9)))
    np.save(os.path.join(OUT, "ops_inputs.npy"), xs)
    d = np.float64
    out = []
    for x in xs[:EXPECTED_SAMPLES].astype(d):
        y = sigmoid(conv_general(x[0], c1w.astype(d), c1b.astype(d), 2, (1, 0, 0, 1), 1))
        y = avgpool3_pad1_exclude(y)
        t = np.tanh(conv_general(y, c2w.astype(d), c2b.astype(d), 1, (0, 0, 0, 0), 2))
        a = t + t * k[0].astype(d)
        out.append(fw.astype(d) @ a.reshape(-1) + fb)
    np.save(os.path.join(OUT, "ops_expected.npy"), f32(out))


# ---------------------------------------------------------------------------- residual MLP
def make_residual():
    r = np.random.default_rng(20261124)  # not `rng`: the other models' draws stay unchanged

    def w(shape, fan_in):
        return f32(r.normal(0.0, 1.0 / np.sqrt(fan_in), size=shape))

    w1, b1 = w((48, 32), 32), f32(r.normal(0, 0.1, 48))  # Gemm transB=1: [out, in]
    w2, b2 = w((48, 48), 48), f32(r.normal(0, 0.1, 48))  # Gemm transB=0: [in, out]
    k = f32(r.uniform(0.5, 2.0, (1, 48)))
    w3, b3 = w((10, 48), 48), f32(r.normal(0, 0.1, 10))
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h1"], name="fc1", transB=1),
        helper.make_node("Relu", ["h1"], ["a1"], name="relu1"),
        helper.make_node("Gemm", ["a1", "w2", "b2"], ["h2"], name="fc2"),
        helper.make_node("Add", ["h2", "a1"], ["s2"], name="residual"),
        helper.make_node("Relu", ["s2"], ["a2"], name="relu2"),
        helper.make_node("Mul", ["a2", "k"], ["m2"], name="scale"),
        helper.make_node("Gemm", ["m2", "w3", "b3"], ["y"], name="fc3", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "residual_mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 32])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 10])],
        [init("w1", w1), init("b1", b1), init("w2", w2), init("b2", b2), init("k", k),
         init("w3", w3), init("b3", b3)])
    save(helper.make_model(graph), "residual.onnx")
    xs = f32(r.uniform(-1, 1, (8, 32)))
    np.save(os.path.join(OUT, "residual_inputs.npy"), xs)
    d = np.float64
    out = []
    for x in xs[:EXPECTED_SAMPLES].astype(d):
        a1 = relu(w1.astype(d) @ x + b1)
        a2 = relu(a1 @ w2.astype(d) + b2 + a1)
        out.append(w3.astype(d) @ (a2 * k[0].astype(d)) + b3)
    np.save(os.path.join(OUT, "residual_expected.npy"), f32(out))


# ---------------------------------------------------------------------------- bad files
def make_bad():
    w = weights((4, 784), 784)
    nodes = [
        helper.make_node("Gemm", ["x", "w"], ["h"], name="fc1", transB=1),
        helper.make_node("Einsum", ["h", "h"], ["y"], name="einsum1", equation="i,i->i"),
    ]
    graph = helper.make_graph(
        nodes, "bad_einsum", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 784])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], [init("w", w)])
    save(helper.make_model(graph), "bad_einsum.onnx")

    w = weights((10, 100), 100)
    nodes = [helper.make_node("Gemm", ["x", "w"], ["y"], name="fc_wrong", transB=1)]
    graph = helper.make_graph(
        nodes, "bad_shape", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 784])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])], [init("w", w)])
    model = helper.make_model(graph)
    model.opset_import[0].version = 13
    model.ir_version = 8
    onnx.save(model, os.path.join(OUT, "bad_shape.onnx"))  # the checker does not infer shapes

    data = open(os.path.join(OUT, "cnn.onnx"), "rb").read()
    open(os.path.join(OUT, "bad_truncated.onnx"), "wb").write(data[:len(data) // 2])

    a = f32(rng.normal(size=(3, 4)))
    np.save(os.path.join(OUT, "bad_fortran.npy"), np.asfortranarray(a))
    np.save(os.path.join(OUT, "bad_float64.npy"), a.astype(np.float64))
    np.save(os.path.join(OUT, "good_3x4.npy"), a)
    data = open(os.path.join(OUT, "good_3x4.npy"), "rb").read()
    open(os.path.join(OUT, "bad_truncated.npy"), "wb").write(data[:-5])


def main():
    os.makedirs(OUT, exist_ok=True)
    images = rng.integers(0, 256, size=(32, 28, 28), dtype=np.uint8)
    np.save(os.path.join(OUT, "fmnist_u8.npy"), images)
    inputs = f32(images.reshape(32, 784) / 255.0)
    np.save(os.path.join(OUT, "fmnist_inputs.npy"), inputs)
    np.save(os.path.join(OUT, "fmnist_labels.npy"), rng.integers(0, 10, 32, dtype=np.uint8))
    make_mlp(inputs)
    make_cnn(inputs)
    make_lstm()
    make_ops()
    make_bad()
    make_residual()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"wrote {len(os.listdir(OUT))} files, {total / 1024:.0f} KiB, into {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
