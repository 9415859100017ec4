#!/usr/bin/python3
"""Writes the workload inputs that must not crash Kirchhoff into tests/data/bad/ and the
accepted .npy dtypes into tests/data/dtypes/ (Debian's /usr/bin/python3 with python3-onnx and
python3-numpy). Every file is small: the bad shapes are declared, not backed by data.

tests/data/bad/ (each must end with exit code 2 and a message naming the file and the place):
  dense_zero_out.onnx      MatMul weights B [784, 0] (an empty crossbar)
  conv_zero_out.onnx       Conv weights W [0, 1, 3, 3]
  conv_zero_kernel.onnx    Conv weights W [8, 1, 0, 0]
  dims_overflow_bytes.onnx an initializer [2^62 + 1, 1] with 4 raw bytes: its element count
                           fits, its byte count wraps (to 4 in 64 bits)
  dims_overflow_count.onnx an initializer [2^32, 2^32, 4]: its element count wraps int64
  conv_huge_pads.onnx      Conv 3x3 pads = 5e8 (would make 10^18 patches)
  conv_negative_pads.onnx  Conv pads = -1
  conv_stride_wrap.onnx    Conv strides = 2^32 + 1 (truncates to 1 in an int)
  nan_weight.onnx          Gemm weights with a NaN at [2, 1]
  inf_weight.onnx          Gemm weights with +inf at [0, 2]
  asym_pool.onnx           Conv, MaxPool pads [0, 0, 1, 1], Flatten, Gemm: maps, but the DPU
                           pools only with symmetric padding (run fails before writing --out)
  asym_pool_inputs.npy     float32 [2, 1, 1, 4, 4], inputs for asym_pool.onnx
  shape_digits.npy         a shape digit string beyond int64
  count_wraps.npy          shape (2^32, 2^32): the element count wraps int64
  bytes_wrap.npy           float32 shape (2^61, 2): the count fits, the byte count does not
  complex64.npy            dtype '<c8' (not supported)
  big_endian.npy           dtype '>f4' (not supported)
  inputs_nan.npy           float32 [2, 784] with a NaN at sample 1, element 5
  inputs_int64.npy         int64 [2, 784] (not an input dtype)
  labels_out_of_range.npy  int64 [32]: label 31 is 10 (mlp.onnx has 10 outputs)
  labels_fractional.npy    float32 [32]: label 3 is 2.5
  labels_negative.npy      int8 [32]: label 0 is -1
tests/data/dtypes/:
  a_<dtype>.npy            [[0, 1, 2], [3, 4, 5]] as float64, float16, int8, int16, int32,
                           int64, uint16, uint32, uint64
  fmnist_labels_int64.npy  fmnist_labels.npy as saved by plain np.save(labels) (int64)
  fmnist_f64.npy, fmnist_f16.npy, fmnist_i16.npy, fmnist_u8_flat.npy: the first 4 samples
                           of fmnist_inputs.npy / fmnist_u8.npy in other dtypes
"""
import os
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data")
BAD = os.path.join(DATA, "bad")
DTYPES = os.path.join(DATA, "dtypes")
rng = np.random.default_rng(20261201)


def save(graph, name):
    model = helper.make_model(graph)
    model.opset_import[0].version = 13
    model.ir_version = 8
    onnx.save(model, os.path.join(BAD, name))  # no checker: these files are meant to be wrong


def declared(name, dims, raw=b""):
    """An initializer with a shape but (almost) no data (what a crafted file can claim)."""
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT
    t.dims.extend(dims)
    if raw:
        t.raw_data = raw
    return t


def io(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def conv_model(name, w, **attrs):
    inits = [w if isinstance(w, TensorProto) else numpy_helper.from_array(w, "w")]
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv1", **attrs)
    save(helper.make_graph([node], name, [io("x", [1, 1, 5, 5])], [io("y", None)], inits),
         name + ".onnx")


def gemm_model(name, w):
    node = helper.make_node("Gemm", ["x", "w"], ["y"], name="fc1")
    save(helper.make_graph([node], name, [io("x", [1, 4])], [io("y", [1, 3])],
                           [numpy_helper.from_array(w, "w")]), name + ".onnx")


def raw_npy(name, descr, shape_text, data=b""):
    """A version 1.0 .npy file with a hand-written header."""
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    pad = (64 - (10 + len(header) + 1) % 64) % 64
    header = header + " " * pad + "\n"
    with open(os.path.join(BAD, name), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data)


def make_onnx():
    node = helper.make_node("MatMul", ["x", "w"], ["y"], name="fc_empty")
    save(helper.make_graph([node], "dense_zero_out", [io("x", [1, 784])], [io("y", [1, 0])],
                           [declared("w", [784, 0])]), "dense_zero_out.onnx")
    conv_model("conv_zero_out", declared("w", [0, 1, 3, 3]))
    conv_model("conv_zero_kernel", declared("w", [8, 1, 0, 0]))
    node = helper.make_node("MatMul", ["x", "w"], ["y"], name="fc_huge")
    save(helper.make_graph([node], "dims_overflow_bytes", [io("x", [1, 4])], [io("y", [1, 1])],
                           [declared("w", [2**62 + 1, 1], b"\0" * 4)]), "dims_overflow_bytes.onnx")
    save(helper.make_graph([node], "dims_overflow_count", [io("x", [1, 4])], [io("y", [1, 1])],
                           [declared("w", [2**32, 2**32, 4])]), "dims_overflow_count.onnx")
    w = (rng.normal(size=(2, 1, 3, 3)) / 3).astype(np.float32)
    conv_model("conv_huge_pads", w, pads=[500000000] * 4)
    conv_model("conv_negative_pads", w, pads=[-1, 0, 0, 0])
    conv_model("conv_stride_wrap", w, strides=[2**32 + 1, 1])
    g = (rng.normal(size=(4, 3)) / 2).astype(np.float32)
    g_nan = g.copy()
    g_nan[2, 1] = np.nan
    gemm_model("nan_weight", g_nan)
    g_inf = g.copy()
    g_inf[0, 2] = np.inf
    gemm_model("inf_weight", g_inf)

    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv1", pads=[1, 1, 1, 1]),
        helper.make_node("MaxPool", ["c"], ["p"], name="pool_asym", kernel_shape=[2, 2],
                         strides=[2, 2], pads=[0, 0, 1, 1]),
        helper.make_node("Flatten", ["p"], ["f"], name="flat"),
        helper.make_node("Gemm", ["f", "fc"], ["y"], name="fc1"),
    ]
    # [1, 1, 4, 4] -> conv 3x3 pad 1 -> [1, 2, 4, 4] -> pool 2 (+1 bottom/right) -> [1, 2, 2, 2]
    fc = (rng.normal(size=(8, 3)) / 3).astype(np.float32)
    save(helper.make_graph(nodes, "asym_pool", [io("x", [1, 1, 4, 4])], [io("y", [1, 3])],
                           [numpy_helper.from_array(w, "w"), numpy_helper.from_array(fc, "fc")]),
         "asym_pool.onnx")
    np.save(os.path.join(BAD, "asym_pool_inputs.npy"),
            rng.random(size=(2, 1, 1, 4, 4)).astype(np.float32))


def make_npy():
    raw_npy("shape_digits.npy", "<f4", "(99999999999999999999999, 1)")
    raw_npy("count_wraps.npy", "<f4", "(4294967296, 4294967296)")
    raw_npy("bytes_wrap.npy", "<f4", "(2305843009213693952, 2)")
    np.save(os.path.join(BAD, "complex64.npy"), np.zeros((2, 2), dtype=np.complex64))
    np.save(os.path.join(BAD, "big_endian.npy"), np.zeros((2, 2), dtype=">f4"))
    x = rng.random(size=(2, 784)).astype(np.float32)
    x[1, 5] = np.nan
    np.save(os.path.join(BAD, "inputs_nan.npy"), x)
    np.save(os.path.join(BAD, "inputs_int64.npy"), np.zeros((2, 784), dtype=np.int64))
    labels = np.load(os.path.join(DATA, "fmnist_labels.npy")).astype(np.int64)
    out = labels.copy()
    out[31] = 10
    np.save(os.path.join(BAD, "labels_out_of_range.npy"), out)
    frac = labels.astype(np.float32)
    frac[3] = 2.5
    np.save(os.path.join(BAD, "labels_fractional.npy"), frac)
    neg = labels.astype(np.int8)
    neg[0] = -1
    np.save(os.path.join(BAD, "labels_negative.npy"), neg)


def make_dtypes():
    a = np.arange(6).reshape(2, 3)
    for dt in ["float64", "float16", "int8", "int16", "int32", "int64", "uint16", "uint32",
               "uint64"]:
        np.save(os.path.join(DTYPES, "a_%s.npy" % dt), a.astype(dt))
    labels = np.load(os.path.join(DATA, "fmnist_labels.npy"))
    np.save(os.path.join(DTYPES, "fmnist_labels_int64.npy"), labels.astype(np.int64))
    x = np.load(os.path.join(DATA, "fmnist_inputs.npy"))[:4]
    np.save(os.path.join(DTYPES, "fmnist_f64.npy"), x.astype(np.float64))
    np.save(os.path.join(DTYPES, "fmnist_f16.npy"), x.astype(np.float16))
    u8 = np.load(os.path.join(DATA, "fmnist_u8.npy"))[:4].reshape(4, 784)
    np.save(os.path.join(DTYPES, "fmnist_u8_flat.npy"), u8)
    np.save(os.path.join(DTYPES, "fmnist_i16.npy"), u8.astype(np.int16))


def main():
    os.makedirs(BAD, exist_ok=True)
    os.makedirs(DTYPES, exist_ok=True)
    make_onnx()
    make_npy()
    make_dtypes()
    for d in (BAD, DTYPES):
        total = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        print(f"wrote {len(os.listdir(d))} files, {total / 1024:.0f} KiB, into {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
