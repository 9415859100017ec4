#!/usr/bin/python3
"""Trains the Fashion-MNIST networks shipped in data/fmnist/ and writes the 1,000-image test
subset they are scored on (run with Debian's /usr/bin/python3; needs python3-torch,
python3-onnx, python3-numpy and dataset-fashion-mnist, whose files are read from
/usr/share/datasets/fashion-mnist/; no PyPI, no download).

    tools/train_fmnist.py                 # plain models: mlp.onnx, cnn.onnx, lstm.onnx
    tools/train_fmnist.py --hwa           # hardware-aware: mlp_hwa.onnx, cnn_hwa.onnx, ...
    tools/train_fmnist.py --model cnn     # one model only

Models (inputs are the uint8 pixels / 255, as `kirchhoff run --uint8-scale` gives by default):
  mlp   784-256-128-10: Gemm+Relu, Gemm+Relu, Gemm; input x [N, 784].
  cnn   Conv 1->8 3x3 pad 1, Relu, MaxPool 2, Conv 8->16 3x3 pad 1, Relu, MaxPool 2, Flatten,
        Gemm 784->64, Relu, Gemm 64->10; input x [N, 1, 28, 28].
  lstm  LSTM input 28, hidden 64, reading the image row by row (28 steps of 28 pixels, input
        x [28, 1, 28], sequence-major), its last hidden state Y_h -> Reshape [1, 64] -> Gemm
        64->10.
Every model is trained on the 60,000 training images with Adam, a fixed seed, one thread and
torch.use_deterministic_algorithms(True), so the same command writes the same weights on the
same torch build.

Hardware-aware training (--hwa), in the style of IBM's analog hardware kit (aihwkit):
  * weight noise: every training forward pass uses W + sigma_rel * max|W| * N(0, 1) for every
    crossbar weight (Linear, Conv, LSTM W and R; not the biases, which the DPU adds digitally),
    fresh noise per batch, and the gradient taken at the noisy weights updates the clean ones.
    sigma_rel is the PCM programming noise of Nandakumar et al. 2019 (the model of
    models/pcm_device.h, coefficients in models/tile_params.h): sigma_prog(g) = c0 + c1 g +
    c2 g^2 uS at G_max = 25 uS with c0 = 0.26348, c1 = 1.9650, c2 = -1.1731; at full scale
    (g = 1) sigma_prog = 1.0554 uS, i.e. sigma_rel = 1.0554 / 25 = 0.0422 of the weight range
    max|W| (the conductance range maps w_max = max|W| to G_max). Using the full-scale figure
    for every weight overstates the noise of small weights (sigma_prog(0) = 0.26 uS), which
    makes the training conservative.
  * weight clipping: after every optimizer step each crossbar weight tensor is clipped to
    +-k * std(W) with k = 2.5 (aihwkit's WeightClipType.LAYER_GAUSSIAN, sigma 2.5). Outliers
    set max|W| and hence the weight that G_max stands for; clipping them lets the typical
    weight use more of the conductance range. On the chip the matching mapping is
    `--set tile.mapping.clip_weights_sigma=2.5`.

Data written (only if missing or --rewrite-data):
  test_images_u8.npy   uint8 [1000, 28, 28]: the first 1,000 images of t10k-images-idx3-ubyte
  test_labels_i64.npy  int64 [1000]: their labels (numpy's default integer type)
  test_labels_u8.npy   uint8 [1000]: the same labels as uint8
The script prints each model's top-1 on the subset: the ONNX graph's float reference in
Kirchhoff gives the same count (tests/workloads/trained_models_test.cpp).
"""
import argparse
import gzip
import os
import sys
import time

try:
    import numpy as np
    import onnx
    from onnx import numpy_helper
    import torch
    from torch import nn
except ImportError as e:
    sys.exit(f"train_fmnist.py: {e}; install the Debian packages with tools/deps.sh --train")

HERE = os.path.dirname(os.path.abspath(__file__))
DATASET = "/usr/share/datasets/fashion-mnist"
SUBSET = 1000
SEED = 20261201

# PCM programming noise (Nandakumar et al. 2019, models/tile_params.h PcmParams), uS at
# G_max = G_REF_US.
PROG_C0_US, PROG_C1_US, PROG_C2_US, G_REF_US = 0.26348, 1.9650, -1.1731, 25.0
HWA_SIGMA_REL = (PROG_C0_US + PROG_C1_US + PROG_C2_US) / G_REF_US  # 0.0422 at g = 1
HWA_CLIP_K = 2.5


def read_idx(name):
    """An IDX file of the dataset (big-endian magic, dims, then uint8 data)."""
    if not os.path.exists(os.path.join(DATASET, name)):
        sys.exit(f"train_fmnist.py: {os.path.join(DATASET, name)} is missing; install "
                 "dataset-fashion-mnist (tools/deps.sh --train)")
    with gzip.open(os.path.join(DATASET, name), "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


# ---------------------------------------------------------------------------- models
class Mlp(nn.Module):
    name = "mlp"
    batch = 128
    epochs = 10
    lr = 1e-3

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                                 nn.Linear(128, 10))

    @staticmethod
    def shape_input(x):  # x: float [N, 28, 28]
        return x.reshape(x.shape[0], 784)

    def forward(self, x):
        return self.net(x)

    def example(self):
        return torch.zeros(1, 784)

    dynamic_axes = {"x": {0: "N"}, "logits": {0: "N"}}


class Cnn(nn.Module):
    name = "cnn"
    batch = 128
    epochs = 10
    lr = 2e-3

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                 nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                 nn.Flatten(), nn.Linear(16 * 7 * 7, 64), nn.ReLU(),
                                 nn.Linear(64, 10))

    @staticmethod
    def shape_input(x):
        return x.reshape(x.shape[0], 1, 28, 28)

    def forward(self, x):
        return self.net(x)

    def example(self):
        return torch.zeros(1, 1, 28, 28)

    dynamic_axes = {"x": {0: "N"}, "logits": {0: "N"}}


class Lstm(nn.Module):
    """Reads the image row by row: sequence-major input [28, N, 28], so the exported graph
    needs no Transpose; the classifier reads the LSTM's last hidden state Y_h."""
    name = "lstm"
    epochs = 4
    lr = 4e-3
    batch = 256  # the 28 sequential steps cost per batch, not per image
    hidden = 64

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, self.hidden)
        self.fc = nn.Linear(self.hidden, 10)

    @staticmethod
    def shape_input(x):
        return x.permute(1, 0, 2)  # [N, 28 rows, 28] -> [28 steps, N, 28]

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h.reshape(-1, self.hidden))

    def example(self):
        return torch.zeros(28, 1, 28)

    dynamic_axes = None  # the importer takes a batch of one: [28, 1, 28]


MODELS = {m.name: m for m in (Mlp, Cnn, Lstm)}


def crossbar_weights(model):
    """The parameters a chip programs into crossbars (not the biases)."""
    return [p for n, p in model.named_parameters() if "weight" in n]


# ---------------------------------------------------------------------------- training
def evaluate(model, images_u8, labels):
    model.eval()
    with torch.no_grad():
        x = torch.from_numpy(images_u8.astype(np.float32) / np.float32(255.0))
        pred = model(model.shape_input(x)).argmax(dim=1).numpy()
    return int((pred == labels).sum())


def train(cls, hwa, train_x, train_y, seed, epochs):
    torch.manual_seed(seed)
    model = cls()
    opt = torch.optim.Adam(model.parameters(), lr=cls.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    gen = torch.Generator().manual_seed(seed + 1)
    noise_gen = torch.Generator().manual_seed(seed + 2)
    x_all = torch.from_numpy(train_x.astype(np.float32) / np.float32(255.0))
    y_all = torch.from_numpy(train_y.astype(np.int64))
    weights = crossbar_weights(model)
    loss_fn = nn.CrossEntropyLoss()
    batch = cls.batch
    for epoch in range(epochs):
        model.train()
        t0 = time.time()
        order = torch.randperm(len(x_all), generator=gen)
        total = 0.0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            x, y = model.shape_input(x_all[idx]), y_all[idx]
            saved = []
            if hwa:  # forward and backward at W + noise, the update applies to W
                with torch.no_grad():
                    for w in weights:
                        saved.append(w.detach().clone())
                        sigma = HWA_SIGMA_REL * w.abs().max()
                        w.add_(torch.randn(w.shape, generator=noise_gen) * sigma)
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            with torch.no_grad():
                for w, clean in zip(weights, saved):
                    w.copy_(clean)
            opt.step()
            if hwa:
                with torch.no_grad():
                    for w in weights:
                        bound = HWA_CLIP_K * w.std()
                        w.clamp_(-bound, bound)
            total += float(loss) * len(idx)
        sched.step()
        print(f"  {cls.name}{'_hwa' if hwa else ''} epoch {epoch + 1}/{epochs}: "
              f"loss {total / len(order):.4f} ({time.time() - t0:.0f} s)", flush=True)
    return model


# ---------------------------------------------------------------------------- export
def zero_constant(g, name):
    """True when value `name` is an all-zero initializer or Constant, or an Expand of one."""
    for t in g.initializer:
        if t.name == name:
            return not np.any(numpy_helper.to_array(t))
    for n in g.node:
        if name in n.output:
            if n.op_type == "Constant":
                return not np.any(numpy_helper.to_array(n.attribute[0].t))
            if n.op_type == "Expand":
                return zero_constant(g, n.input[0])
            return False
    return False


def drop_zero_initial_state(model_proto):
    """torch computes the LSTM's zero initial h and c from the batch size (Shape, Gather,
    Concat, Expand of a zero constant) and passes them as inputs 5 and 6; ONNX's default initial
    state is zero, so they are dropped with the nodes that only computed them (Kirchhoff's
    importer takes the default state only)."""
    g = model_proto.graph
    for n in g.node:
        if n.op_type != "LSTM":
            continue
        for i in (5, 6):
            if i < len(n.input) and n.input[i]:
                if not zero_constant(g, n.input[i]):
                    sys.exit(f"LSTM input {i} ('{n.input[i]}') is not a zero constant")
                n.input[i] = ""
        while n.input and not n.input[-1]:
            n.input.pop()
    outputs = {o.name for o in g.output}
    while True:  # remove nodes and initializers nothing reads
        used = {i for n in g.node for i in n.input} | outputs
        dead = [n for n in g.node if not any(o in used for o in n.output)]
        if not dead:
            break
        for n in dead:
            g.node.remove(n)
    used = {i for n in g.node for i in n.input}
    for t in [t for t in g.initializer if t.name not in used]:
        g.initializer.remove(t)


NODE_NAMES = {"Gemm": "fc", "Conv": "conv", "Relu": "relu", "MaxPool": "pool",
              "Flatten": "flatten", "LSTM": "lstm", "Reshape": "reshape", "Constant": "const"}


def name_nodes(model_proto):
    """fc1, relu1, conv1, ... in graph order instead of torch's module paths, so the layers
    read well in `kirchhoff map` and in summary.json."""
    count = {}
    for n in model_proto.graph.node:
        base = NODE_NAMES.get(n.op_type, n.op_type.lower())
        count[base] = count.get(base, 0) + 1
        n.name = f"{base}{count[base]}"


def export(model, path):
    model.eval()
    tmp = path + ".tmp"
    torch.onnx.export(model, model.example(), tmp, input_names=["x"], output_names=["logits"],
                      dynamic_axes=model.dynamic_axes, opset_version=13,
                      do_constant_folding=True)
    m = onnx.load(tmp)
    os.remove(tmp)
    drop_zero_initial_state(m)
    name_nodes(m)
    m.graph.name = os.path.splitext(os.path.basename(path))[0]
    m.producer_name = "kirchhoff tools/train_fmnist.py"
    m.producer_version = ""
    onnx.checker.check_model(m)
    onnx.save(m, tmp)
    os.replace(tmp, path)
    print(f"  wrote {path}: {os.path.getsize(path)} bytes, ops "
          f"{', '.join(n.op_type for n in m.graph.node)}")


def write_subset(out, images, labels):
    for name, a in (("test_images_u8.npy", images[:SUBSET]),
                    ("test_labels_i64.npy", labels[:SUBSET].astype(np.int64)),
                    ("test_labels_u8.npy", labels[:SUBSET].astype(np.uint8))):
        np.save(os.path.join(out, name), np.ascontiguousarray(a))
        print(f"  wrote {os.path.join(out, name)}: {a.dtype} {list(a.shape)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", choices=["all", *MODELS], default="all")
    ap.add_argument("--hwa", action="store_true", help="hardware-aware training (*_hwa.onnx)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--epochs", type=int, default=None, help="override each model's epochs")
    ap.add_argument("--out", default=os.path.join(HERE, "..", "data", "fmnist"))
    ap.add_argument("--rewrite-data", action="store_true", help="rewrite the test subset")
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    train_x = read_idx("train-images-idx3-ubyte.gz")
    train_y = read_idx("train-labels-idx1-ubyte.gz")
    test_x = read_idx("t10k-images-idx3-ubyte.gz")
    test_y = read_idx("t10k-labels-idx1-ubyte.gz")
    if args.rewrite_data or not os.path.exists(os.path.join(args.out, "test_images_u8.npy")):
        write_subset(args.out, test_x, test_y)
    sub_x, sub_y = test_x[:SUBSET], test_y[:SUBSET].astype(np.int64)

    names = list(MODELS) if args.model == "all" else [args.model]
    results = []
    for name in names:
        cls = MODELS[name]
        epochs = cls.epochs if args.epochs is None else args.epochs
        print(f"{name}{' (hwa)' if args.hwa else ''}: seed {args.seed}, {epochs} epochs",
              flush=True)
        model = train(cls, args.hwa, train_x, train_y, args.seed, epochs)
        fname = f"{name}{'_hwa' if args.hwa else ''}.onnx"
        export(model, os.path.join(args.out, fname))
        correct = evaluate(model, sub_x, sub_y)
        full = evaluate(model, test_x, test_y.astype(np.int64))
        results.append((fname, correct, full))
    print("| model | top-1 on the 1,000-image subset | top-1 on the 10,000 test images |")
    for fname, correct, full in results:
        print(f"| {fname} | {correct}/{SUBSET} | {full / 100:.2f} % |")


if __name__ == "__main__":
    main()
