#!/usr/bin/python3
"""Writes the seed corpora and dictionaries of the libFuzzer harnesses (fuzz/README.md):

  fuzz/corpus/fuzz_config/  configs/chips/*.yaml, configs/devices/*.yaml, and small good and bad
                            configs (the cases of tests/config/config_loader_test.cpp) with and
                            without "%%set" override lines
  fuzz/corpus/fuzz_npy/     tests/data/*.npy up to 32 KB, and small hand-made headers (version 2,
                            a scalar, an empty array, uint8 labels, bad dtypes and shapes)
  fuzz/corpus/fuzz_onnx/    tests/data/*.onnx up to 64 KB (good and bad models; mlp.onnx, 0.9 MB,
                            is left out: its weights only slow the fuzzer down)
  fuzz/dict/*.dict          tokens: every schema key and enum value (from `kirchhoff config
                            --schema`), the .npy header keys, the ONNX operators and attributes

Usage: tools/make_fuzz_corpus.py [KIRCHHOFF_BINARY]   (default build/release/kirchhoff)
Deterministic: running it again gives the same files. Run with Debian's /usr/bin/python3.
"""
import glob
import os
import shutil
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FUZZ = os.path.join(ROOT, "fuzz")


def reset(d):
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def copy_small(pattern, out, limit, skip=()):
    for src in sorted(glob.glob(pattern)):
        if os.path.basename(src) in skip or os.path.getsize(src) > limit:
            continue
        shutil.copy(src, os.path.join(out, os.path.basename(src)))


CONFIG_SEEDS = {
    "typed_values.yaml": "sim: {seed: 7}\ntile:\n  rows: 128\n"
                         "  dac: {bits: 6, signed: false, encoding: bit_serial, t_lsb_ns: 0.5}\n"
                         "  device:\n    type: table\n"
                         "    table: {levels_uS: [0, 10, 20], mean_uS: [0.5, 10, 19], "
                         "sigma_uS: [0.1, 0.5, 0.7]}\n",
    "bad_unknown_key.yaml": "tile:\n  dac:\n    bitz: 4\n",
    "bad_unknown_section.yaml": "tyle:\n  rows: 4\n",
    "bad_out_of_range.yaml": "tile:\n  rows: -4\n",
    "bad_type.yaml": "tile:\n  adc:\n    bound: lots\n  cols: 2.5\n",
    "bad_bool.yaml": "tile:\n  dac:\n    signed: maybe\n",
    "bad_enum.yaml": "tile:\n  device:\n    type: flash\n",
    "bad_section_scalar.yaml": "tile: 5\n",
    "bad_malformed.yaml": "tile:\n  rows: [1, 2\n",
    "mesh_ok.yaml": "chip: {tiles: 9, mesh_cols: 3, mesh_rows: 3}\n",
    "bad_mesh.yaml": "chip: {tiles: 8, global_dpus: 2, mesh_cols: 3, mesh_rows: 3}\n",
    "bad_ports.yaml": "chip: {mesh_cols: 4, mesh_rows: 2}\nhost: {ports: 3}\n",
    "bad_conductance.yaml": "tile:\n  device: {g_min_uS: 30, g_max_uS: 25}\n",
    "bad_table.yaml": "tile:\n  device: {type: table, table: {levels_uS: [0, 1]}}\n",
    "extends_chip.yaml": "extends: chip.yaml\ntile: {cols: 16}\n",
    "extends_list.yaml": "extends: [chip.yaml, rram.yaml]\nsim: {seed: 3}\n",
    "extends_device.yaml": "extends: pcm.yaml\ndevice:\n  g_max_uS: 20\n",
    "bad_extends_cycle.yaml": "extends: fuzz.yaml\n",
    "bad_extends_missing.yaml": "extends: gone.yaml\n",
    "device_alias.yaml": "device:\n  type: pcm\n  g_max_uS: 20\n",
    "sets.txt": "%%set\ntile.dac.bits=4\ntile.device.type=pcm\n"
                "tile.device.table.levels_uS=[1, 2]\n",
    "bad_sets.txt": "%%set\ntile.dac.bits=99\ntile.dac.bit=4\ntile.dac.bits\n",
    "file_and_sets.txt": "extends: chip.yaml\nchip: {global_dpus: 0}\n%%set\nchip.tiles=48\n"
                         "chip.global_dpus=4\ntile.rows=32\n",
}


def npy(descr, shape, payload, version=1, fortran="False"):
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': %s, 'fortran_order': %s, 'shape': (%s), }" % (descr, fortran, dims)
    prefix = 6 + 2 + (2 if version == 1 else 4)
    total = (prefix + len(header) + 1 + 63) // 64 * 64
    header = header + " " * (total - prefix - len(header) - 1) + "\n"
    length = struct.pack("<H" if version == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode() + payload


def f32(values):
    return struct.pack("<%df" % len(values), *values)


NPY_SEEDS = {
    "v2_f32_2x3.npy": npy("'<f4'", (2, 3), f32([0, 1, 2, 3, 4, 5]), version=2),
    "scalar_f32.npy": npy("'<f4'", (), f32([1.5])),
    "empty_0x4.npy": npy("'<f4'", (0, 4), b""),
    "labels_u8.npy": npy("'|u1'", (4,), bytes([0, 3, 9, 1])),
    "labels_f32.npy": npy("'<f4'", (3,), f32([2, 0, 7])),
    "bad_labels_f32.npy": npy("'<f4'", (2,), f32([1.5, -1])),
    "images_u8_2x1x2x2.npy": npy("'<u1'", (2, 1, 2, 2), bytes(range(8))),
    "bad_big_endian.npy": npy("'>f4'", (2,), struct.pack(">2f", 1, 2)),
    "bad_huge_shape.npy": npy("'<f4'", (1 << 20, 1 << 20), b""),
    "bad_fortran_true.npy": npy("'<f4'", (1,), f32([1]), fortran="True"),
    "bad_version3.npy": b"\x93NUMPY\x03\x00" + npy("'<f4'", (1,), f32([1]))[8:],
}


def schema_tokens(binary):
    out = subprocess.run([binary, "config", "--schema"], check=True, capture_output=True,
                         text=True).stdout
    tokens = {"extends", "device", "%%set", "true", "false", "null", "~", "[]", "{}"}
    for line in out.splitlines()[2:]:
        cols = [c.strip() for c in line.strip("|").split("|")]
        key, allowed = cols[0], cols[4]
        tokens.add(key)
        tokens.update(key.split("."))
        if allowed.startswith("one of: "):
            tokens.update(v.strip() for v in allowed[len("one of: "):].split(","))
    return tokens


NPY_TOKENS = ["\x93NUMPY", "descr", "fortran_order", "shape", "'<f4'", "'|u1'", "'<u1'", "'>u1'",
              "'<f8'", "True", "False", "()", "(0,)", "{", "}", ": ", ", "]
ONNX_TOKENS = ["ai.onnx", "Add", "AveragePool", "BatchNormalization", "Constant", "Conv",
               "Dropout", "Flatten", "Gemm", "GlobalAveragePool", "Identity", "LSTM", "MatMul",
               "MaxPool", "Mul", "Relu", "Reshape", "Sigmoid", "Softmax", "Tanh", "Einsum",
               "NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER", "forward", "reverse", "activations",
               "activation_alpha", "activation_beta", "allowzero", "alpha", "auto_pad", "axis",
               "beta", "ceil_mode", "clip", "count_include_pad", "dilations", "direction",
               "epsilon", "group", "hidden_size", "input_forget", "kernel_shape", "layout",
               "momentum", "pads", "spatial", "strides", "training_mode", "transA", "transB",
               "value"]


def dict_line(token):
    body = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % ord(c)
                   for c in token)
    return '"%s"\n' % body


def write_dict(name, tokens):
    write(os.path.join(FUZZ, "dict", name), "".join(dict_line(t) for t in sorted(set(tokens))))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/release/kirchhoff")
    data = os.path.join(ROOT, "tests", "data")

    cfg = os.path.join(FUZZ, "corpus", "fuzz_config")
    reset(cfg)
    copy_small(os.path.join(ROOT, "configs", "chips", "*.yaml"), cfg, 16384)
    copy_small(os.path.join(ROOT, "configs", "devices", "*.yaml"), cfg, 16384)
    for name, text in CONFIG_SEEDS.items():
        write(os.path.join(cfg, name), text)

    npy_dir = os.path.join(FUZZ, "corpus", "fuzz_npy")
    reset(npy_dir)
    copy_small(os.path.join(data, "*.npy"), npy_dir, 32768)
    for name, content in NPY_SEEDS.items():
        write(os.path.join(npy_dir, name), content)

    onnx_dir = os.path.join(FUZZ, "corpus", "fuzz_onnx")
    reset(onnx_dir)
    copy_small(os.path.join(data, "*.onnx"), onnx_dir, 65536, skip=("mlp.onnx",))

    os.makedirs(os.path.join(FUZZ, "dict"), exist_ok=True)
    write_dict("fuzz_config.dict", schema_tokens(binary))
    write_dict("fuzz_npy.dict", NPY_TOKENS)
    write_dict("fuzz_onnx.dict", ONNX_TOKENS)


if __name__ == "__main__":
    main()
