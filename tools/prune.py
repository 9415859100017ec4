#!/usr/bin/python3
"""Prunes the shipped Fashion-MNIST MLP and CNN (data/fmnist/mlp.onnx, cnn.onnx) and fine-tunes
them briefly, writing data/fmnist/<model>_p50.onnx and <model>_2of4.onnx (run with Debian's
/usr/bin/python3; needs python3-torch, python3-onnx, python3-numpy and dataset-fashion-mnist,
like tools/train_fmnist.py, whose model classes, data reader and ONNX export it reuses).

    tools/prune.py                        # all four files
    tools/prune.py --model mlp --method 2of4

Methods (every crossbar weight tensor: Linear and Conv weights, not the biases):
  p50   unstructured magnitude pruning: in each weight tensor the 50 % of the weights with the
        smallest |w| are set to zero. The zeros are scattered, so no crossbar row or column
        becomes empty: a crossbar still holds every position (no tile is saved), but a zero
        weight is programmed as the lowest conductance pair, which lowers the array's read
        energy.
  2of4  N:M pruning (N = 2 of every M = 4) along the crossbar rows (the layer's inputs: a
        Linear's input features, a Conv's C x kh x kw patch positions) with one mask shared by
        all the layer's outputs: in every group of 4 consecutive inputs the 2 with the largest
        L2 norm over the outputs are kept. Whole crossbar rows become zero, which the mapper
        drops (compiler/sparsity.h): half the rows, so a layer of more than one row block
        needs about half the tiles. (A mask chosen per output, as GPUs' 2:4 sparsity uses, empties
        no row and saves no crossbar.) Layers whose row count is not a multiple of 4 (the CNN's
        first convolution, 9 rows) are left dense.
Fine-tune: the pruned network is trained for --epochs epochs (default 1) on the 60,000
training images with Adam (learning rate 5e-4, constant), the mask re-applied after every step
(pruned weights stay exactly zero), one thread, torch.use_deterministic_algorithms(True) and a
fixed seed, so the same command writes the same weights on the same torch build. A run takes
about a minute for the MLP and three for the CNN on one core.
The script prints each file's weight sparsity, the number of all-zero crossbar rows and top-1 on
the 1,000-image subset and on the 10,000 test images (float, torch).
"""
import argparse
import os
import sys

try:
    import numpy as np
    import onnx
    import torch
    from torch import nn
except ImportError as e:
    sys.exit(f"prune.py: {e}; install the Debian packages with tools/deps.sh --train")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train_fmnist as tf  # noqa: E402  (model classes, read_idx, evaluate, export)

SEED = 20261202
LR = 5e-4
METHODS = ("p50", "2of4")


def load_shipped(cls, data_dir):
    """The shipped network's weights (ONNX initialisers are named like the state_dict)."""
    proto = onnx.load(os.path.join(data_dir, f"{cls.name}.onnx"))
    state = {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy())
             for t in proto.graph.initializer}
    model = cls()
    model.load_state_dict(state, strict=True)
    return model


def crossbar_rows(w):
    """A weight tensor as the crossbar sees it: [inputs (rows), outputs (cols)]."""
    return w.reshape(w.shape[0], -1).t()


def mask_p50(w):
    k = w.numel() // 2
    threshold = w.abs().flatten().kthvalue(k).values
    m = w.abs() > threshold
    # ties at the threshold: keep exactly numel - k weights (first by index)
    short = (w.numel() - k) - int(m.sum())
    if short > 0:
        ties = ((w.abs() == threshold) & ~m).flatten().nonzero().flatten()[:short]
        flat = m.flatten()
        flat[ties] = True
        m = flat.reshape(w.shape)
    return m


def mask_2of4(w):
    rows = crossbar_rows(w)  # [R, C]
    r = rows.shape[0]
    if r % 4:
        return None
    norms = rows.norm(dim=1).reshape(r // 4, 4)
    keep = torch.zeros_like(norms, dtype=torch.bool)
    top = norms.topk(2, dim=1).indices
    keep.scatter_(1, top, True)
    row_mask = keep.reshape(r)  # [R]
    # back to the torch layout [out, in...]: input i of the flattened patch is row i
    m = row_mask.reshape(1, r).expand(w.shape[0], r).reshape(w.shape)
    return m.clone()


def make_masks(model, method):
    masks = {}
    for name, p in model.named_parameters():
        if "weight" not in name:
            continue
        m = mask_p50(p.detach()) if method == "p50" else mask_2of4(p.detach())
        if m is not None:
            masks[name] = m
    return masks


def apply_masks(model, masks):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name in masks:
                p.copy_(torch.where(masks[name], p, torch.zeros_like(p)))


def fine_tune(model, masks, train_x, train_y, seed, epochs):
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    gen = torch.Generator().manual_seed(seed + 1)
    x_all = torch.from_numpy(train_x.astype(np.float32) / np.float32(255.0))
    y_all = torch.from_numpy(train_y.astype(np.int64))
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x_all), generator=gen)
        total = 0.0
        for i in range(0, len(order), model.batch):
            idx = order[i:i + model.batch]
            opt.zero_grad()
            loss = loss_fn(model(model.shape_input(x_all[idx])), y_all[idx])
            loss.backward()
            opt.step()
            apply_masks(model, masks)
            total += float(loss) * len(idx)
        print(f"  epoch {epoch + 1}/{epochs}: loss {total / len(order):.4f}", flush=True)


def sparsity_figures(model):
    zeros = total = zero_rows = rows = 0
    for name, p in model.named_parameters():
        if "weight" not in name:
            continue
        w = p.detach()
        zeros += int((w == 0).sum())
        total += w.numel()
        cr = crossbar_rows(w)
        zero_rows += int((cr == 0).all(dim=1).sum())
        rows += cr.shape[0]
    return zeros, total, zero_rows, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", choices=["all", "mlp", "cnn"], default="all")
    ap.add_argument("--method", choices=["all", *METHODS], default="all")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--data", default=os.path.join(HERE, "..", "data", "fmnist"),
                    help="where the shipped mlp.onnx / cnn.onnx are")
    ap.add_argument("--out", default=os.path.join(HERE, "..", "data", "fmnist"))
    args = ap.parse_args()
    if args.epochs < 0:
        sys.exit(f"prune.py: --epochs {args.epochs}: allowed: 0 or more")

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    train_x = tf.read_idx("train-images-idx3-ubyte.gz")
    train_y = tf.read_idx("train-labels-idx1-ubyte.gz")
    test_x = tf.read_idx("t10k-images-idx3-ubyte.gz")
    test_y = tf.read_idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
    sub_x, sub_y = test_x[:tf.SUBSET], test_y[:tf.SUBSET]

    models = ["mlp", "cnn"] if args.model == "all" else [args.model]
    methods = list(METHODS) if args.method == "all" else [args.method]
    results = []
    for name in models:
        cls = tf.MODELS[name]
        for method in methods:
            print(f"{name}_{method}: seed {args.seed}, {args.epochs} epoch(s)", flush=True)
            model = load_shipped(cls, args.data)
            masks = make_masks(model, method)
            apply_masks(model, masks)
            before = tf.evaluate(model, sub_x, sub_y)
            fine_tune(model, masks, train_x, train_y, args.seed, args.epochs)
            path = os.path.join(args.out, f"{name}_{method}.onnx")
            tf.export(model, path)
            proto = onnx.load(path)
            proto.producer_name = "kirchhoff tools/prune.py"
            onnx.save(proto, path)
            zeros, total, zero_rows, rows = sparsity_figures(model)
            sub = tf.evaluate(model, sub_x, sub_y)
            full = tf.evaluate(model, test_x, test_y)
            results.append((os.path.basename(path), zeros, total, zero_rows, rows, before, sub,
                            full))
    print("| file | zero weights | all-zero crossbar rows | top-1 subset, pruned before / after "
          "fine-tune | top-1, 10,000 test images |")
    print("| --- | --- | --- | --- | --- |")
    for f, zeros, total, zr, rows, before, sub, full in results:
        print(f"| `{f}` | {zeros:,}/{total:,} ({100 * zeros / total:.1f} %) | {zr}/{rows} | "
              f"{before}/{tf.SUBSET} / {sub}/{tf.SUBSET} | {full / 100:.2f} % |")


if __name__ == "__main__":
    main()
