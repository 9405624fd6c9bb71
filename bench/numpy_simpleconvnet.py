#!/usr/bin/env python3
"""NumPy SimpleConvNet speed baseline (reference for the C++ implementation).

What this is for
----------------
The course's C++ CNN follows the SimpleConvNet of "Deep Learning from
Scratch" (ch. 7).  This script is an independent, plain-NumPy re-implementation
of that network written in the style of the book's common/util.py and
common/layers.py (im2col-based, float64 by default, same class names), so the
C++ code can be compared against "what the book's Python would do" on the
same machine.  As a benchmark it uses random images and random labels with a
fixed seed and never needs MNIST.

It is also the numerical reference of the C++ layers: --write-reference DIR
builds the course's two architectures ("simple" and "two-stage", the layer
lists of src/cnn/architecture.cpp) from these same layer classes, with fixed
weights, runs four MNIST test digits and one noise image through them and
writes the weights (.cnnw, docs/cnnw-format.md), the inputs and every layer's
output; tests/test_reference.cpp compares the C++ network with them (CTest
runs this first).

Network:  Conv(30 filters 5x5, pad 0, stride 1) -> ReLU -> MaxPool(2x2, s2)
          -> Affine(4320->100) -> ReLU -> Affine(100->10) -> SoftmaxWithLoss
Training: mini-batch 100, Adam(lr=0.001).

Usage (Debian's numpy, no pip packages needed):
    /usr/bin/python3 bench/numpy_simpleconvnet.py
    /usr/bin/python3 bench/numpy_simpleconvnet.py --dtype float32 --repeats 5
    /usr/bin/python3 bench/numpy_simpleconvnet.py --check   # gradient check
    /usr/bin/python3 bench/numpy_simpleconvnet.py --write-reference DIR [--mnist DIR]

Output (stdout, one "name: value unit" per line; medians over --repeats):
    numpy_train_images_per_s: ... images/s (min ..., max ...)
    numpy_forward_1_image_ms: ... ms (median of N; p10 ..., p90 ...)
    numpy_infer_batch100_images_per_s: ... images/s (min ..., max ...)
A one-line description of the setup (numpy version, BLAS library, dtype) is
written to stderr so stdout stays machine-readable.

Measurements:
  * train:   forward + backward + Adam update of a batch of 100; 2 warm-up
             batches, then --train-batches batches timed; repeated --repeats
             times.  images/s = batches*100 / elapsed.
  * forward: predict() on a single (1,1,28,28) image, timed individually
             --forward-runs times (after warm-up); median, p10, p90 of all runs.
  * infer:   predict() on batches of 100, --infer-batches batches timed after
             2 warm-up batches; repeated --repeats times.
Note: numpy's speed depends heavily on the BLAS it is linked to (Debian's
default is the single-threaded reference BLAS unless OpenBLAS is installed).
"""

import argparse
import math
import os
import re
import struct
import sys
import time
import zlib
from collections import OrderedDict

try:
    import numpy as np
except ImportError:
    sys.exit(f"{sys.argv[0]}: NumPy is missing for {sys.executable}: install python3-numpy "
             "(scripts/install_deps.sh) or run it with a Python that has NumPy "
             "(for the CTest reference test: cmake -DCNN_NUMPY_PYTHON=...)")


# ---------------------------------------------------------------------------
# common/util.py equivalents
# ---------------------------------------------------------------------------

def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    """(N, C, H, W) images -> 2-D array (N*out_h*out_w, C*filter_h*filter_w)."""
    N, C, H, W = input_data.shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1

    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], 'constant')
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w), dtype=input_data.dtype)

    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride, x:x_max:stride]

    col = col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)
    return col


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    """Inverse of im2col (overlapping patches are summed), used in backward."""
    N, C, H, W = input_shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)

    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1),
                   dtype=col.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            img[:, :, y:y_max:stride, x:x_max:stride] += col[:, :, y, x, :, :]

    return img[:, :, pad:H + pad, pad:W + pad]


# ---------------------------------------------------------------------------
# common/functions.py equivalents
# ---------------------------------------------------------------------------

def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)   # overflow guard
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    """y: (N, classes) probabilities, t: (N,) integer labels."""
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


# ---------------------------------------------------------------------------
# common/layers.py equivalents
# ---------------------------------------------------------------------------

class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx.reshape(*self.original_x_shape)


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None   # softmax output
        self.t = None   # integer labels

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        return dx * (dout / batch_size)


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad
        self.x = None
        self.col = None
        self.col_W = None
        self.dW = None
        self.db = None

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = 1 + (H + 2 * self.pad - FH) // self.stride
        out_w = 1 + (W + 2 * self.pad - FW) // self.stride

        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T
        out = np.dot(col, col_W) + self.b
        out = out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

        self.x = x
        self.col = col
        self.col_W = col_W
        return out

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)

        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout)
        self.dW = self.dW.transpose(1, 0).reshape(FN, C, FH, FW)

        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x.shape, FH, FW, self.stride, self.pad)


class Pooling:
    def __init__(self, pool_h, pool_w, stride=2, pad=0):
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = stride
        self.pad = pad
        self.x = None
        self.arg_max = None

    def forward(self, x):
        N, C, H, W = x.shape
        out_h = 1 + (H - self.pool_h) // self.stride
        out_w = 1 + (W - self.pool_w) // self.stride

        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        col = col.reshape(-1, self.pool_h * self.pool_w)

        arg_max = np.argmax(col, axis=1)
        out = np.max(col, axis=1)
        out = out.reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

        self.x = x
        self.arg_max = arg_max
        return out

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)

        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape(dout.shape + (pool_size,))

        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        return col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)


# ---------------------------------------------------------------------------
# common/optimizer.py equivalent
# ---------------------------------------------------------------------------

class Adam:
    """Adam (http://arxiv.org/abs/1412.6980v8), same update form as the book."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}

        self.iter += 1
        # plain Python float so float32 parameters stay float32
        lr_t = self.lr * math.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)

        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


# ---------------------------------------------------------------------------
# ch07/simple_convnet.py equivalent
# ---------------------------------------------------------------------------

class SimpleConvNet:
    """conv - relu - pool - affine - relu - affine - softmax"""

    def __init__(self, input_dim=(1, 28, 28),
                 conv_param={'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1},
                 hidden_size=100, output_size=10, weight_init_std=0.01,
                 dtype=np.float64, rng=None):
        if rng is None:
            rng = np.random.default_rng(0)
        filter_num = conv_param['filter_num']
        filter_size = conv_param['filter_size']
        filter_pad = conv_param['pad']
        filter_stride = conv_param['stride']
        input_size = input_dim[1]
        conv_output_size = (input_size - filter_size + 2 * filter_pad) // filter_stride + 1
        pool_output_size = int(filter_num * (conv_output_size / 2) * (conv_output_size / 2))

        def randn(*shape):
            return (weight_init_std * rng.standard_normal(shape)).astype(dtype)

        self.params = {
            'W1': randn(filter_num, input_dim[0], filter_size, filter_size),
            'b1': np.zeros(filter_num, dtype=dtype),
            'W2': randn(pool_output_size, hidden_size),
            'b2': np.zeros(hidden_size, dtype=dtype),
            'W3': randn(hidden_size, output_size),
            'b3': np.zeros(output_size, dtype=dtype),
        }

        self.layers = OrderedDict()
        self.layers['Conv1'] = Convolution(self.params['W1'], self.params['b1'],
                                           conv_param['stride'], conv_param['pad'])
        self.layers['Relu1'] = Relu()
        self.layers['Pool1'] = Pooling(pool_h=2, pool_w=2, stride=2)
        self.layers['Affine1'] = Affine(self.params['W2'], self.params['b2'])
        self.layers['Relu2'] = Relu()
        self.layers['Affine2'] = Affine(self.params['W3'], self.params['b3'])
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.last_layer.forward(y, t)

    def gradient(self, x, t):
        """Backprop gradients. Parameters are updated in place by the
        optimizer, so the layers always see the current values."""
        self.loss(x, t)

        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)

        return {
            'W1': self.layers['Conv1'].dW, 'b1': self.layers['Conv1'].db,
            'W2': self.layers['Affine1'].dW, 'b2': self.layers['Affine1'].db,
            'W3': self.layers['Affine2'].dW, 'b3': self.layers['Affine2'].db,
        }

    def numerical_gradient(self, x, t, h=1e-5):
        """Central differences, perturbing each parameter element in place."""
        grads = {}
        for key, p in self.params.items():
            g = np.zeros_like(p)
            it = np.nditer(p, flags=['multi_index'])
            while not it.finished:
                idx = it.multi_index
                orig = p[idx]
                p[idx] = orig + h
                fxh1 = self.loss(x, t)
                p[idx] = orig - h
                fxh2 = self.loss(x, t)
                p[idx] = orig
                g[idx] = (fxh1 - fxh2) / (2 * h)
                it.iternext()
            grads[key] = g
        return grads


# ---------------------------------------------------------------------------
# Gradient check
# ---------------------------------------------------------------------------

def gradient_check(tol=1e-5):
    """Backprop vs. numerical gradient on a tiny float64 network:
    1x6x6 input, 2 filters 3x3 -> 2x4x4 -> pool -> 8 -> hidden 5 -> 10."""
    rng = np.random.default_rng(1234)
    net = SimpleConvNet(input_dim=(1, 6, 6),
                        conv_param={'filter_num': 2, 'filter_size': 3, 'pad': 0, 'stride': 1},
                        hidden_size=5, output_size=10, weight_init_std=0.5,
                        dtype=np.float64, rng=rng)
    # non-zero biases so ReLU/bias paths are exercised
    for k in ('b1', 'b2', 'b3'):
        net.params[k][...] = 0.1 * rng.standard_normal(net.params[k].shape)
    x = rng.random((3, 1, 6, 6))
    t = rng.integers(0, 10, size=3)

    # Expected result: ~1e-6.  That floor is not a bug: the book's
    # cross_entropy_error uses log(y + 1e-7), whose exact derivative differs
    # from the analytic softmax gradient (y - t)/N by a factor ~1e-7/y.
    # (Without the 1e-7 the difference drops to ~1e-10.)
    grad_bp = net.gradient(x, t)
    grad_num = net.numerical_gradient(x, t)

    worst = 0.0
    for key in net.params:
        a, n = grad_bp[key], grad_num[key]
        # relative difference of the whole array: ||a-n|| / (||a|| + ||n||)
        denom = np.linalg.norm(a) + np.linalg.norm(n)
        rel = np.linalg.norm(a - n) / denom if denom > 0 else 0.0
        print(f"grad_check_{key}: rel_diff {rel:.3e}, max_abs_diff {np.max(np.abs(a - n)):.3e}")
        worst = max(worst, rel)
    ok = worst <= tol
    print(f"grad_check_max_rel_diff: {worst:.3e} ({'OK' if ok else 'FAIL'}, tolerance {tol:g})")
    return 0 if ok else 1


# ---------------------------------------------------------------------------
# Reference outputs for the C++ layers (--write-reference)
# ---------------------------------------------------------------------------

# The named architectures of src/cnn/architecture.cpp (the C++ test checks the
# weights file it reads is the architecture of that name).
ARCHITECTURES = OrderedDict([
    ('simple', 'conv30x5,relu,pool2,affine100,relu,affine10'),
    ('two-stage', 'conv16x5p2,relu,pool2,conv32x5p2,relu,pool2,affine100,relu,affine10'),
])
REFERENCE_DIGITS = 4    # MNIST test images 0..3 (the digits 7, 2, 1, 0), then one noise image
REFERENCE_SEED = 2024


class LayerNet:
    """A network from a layer list as architecture.h writes it (conv<FN>x<F>[p<P>][s<S>],
    pool<K>[s<S>], relu, affine<N>), built from the layer classes above and named as the
    C++ core names its layers (conv1, relu1, pool1, affine1, ... counted per kind).
    Weights: He-scaled normals, biases 0.1 * normal, both rounded to float32 (the C++
    side's precision) and then computed with in float64."""

    def __init__(self, spec, input_dim, rng):
        self.input_dim = input_dim
        self.layers = OrderedDict()
        self.records = []   # .cnnw layer records: (kind code, name, fields)
        self.params = []    # (W, b) per layer that has them, in order
        counts = {}
        shape = input_dim   # one sample's (C, H, W), or (n,) after an affine

        def add(kind, layer, fields, params=None):
            counts[kind] = counts.get(kind, 0) + 1
            layer_name = f'{kind}{counts[kind]}'
            self.layers[layer_name] = layer
            self.records.append(({'conv': 1, 'relu': 2, 'pool': 3, 'affine': 4}[kind], layer_name, fields))
            if params:
                self.params.append(params)

        def draw(*shape_, std):
            return (std * rng.standard_normal(shape_)).astype(np.float32).astype(np.float64)

        for item in spec.split(','):
            m = (re.fullmatch(r'conv(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?', item) or
                 re.fullmatch(r'pool(\d+)(?:s(\d+))?', item) or re.fullmatch(r'affine(\d+)', item))
            if item.startswith('conv') and m:
                fn, f = int(m[1]), int(m[2])
                pad, stride = int(m[3] or 0), int(m[4] or 1)
                c, h, w = shape
                W, b = draw(fn, c, f, f, std=math.sqrt(2.0 / (c * f * f))), draw(fn, std=0.1)
                add('conv', Convolution(W, b, stride, pad), (fn, c, f, f, stride, pad), (W, b))
                shape = (fn, (h + 2 * pad - f) // stride + 1, (w + 2 * pad - f) // stride + 1)
            elif item.startswith('pool') and m:
                k, stride = int(m[1]), int(m[2] or m[1])
                add('pool', Pooling(k, k, stride), (k, k, stride, 0))
                shape = (shape[0], (shape[1] - k) // stride + 1, (shape[2] - k) // stride + 1)
            elif item == 'relu':
                add('relu', Relu(), ())
            elif item.startswith('affine') and m:
                n_in, n_out = int(np.prod(shape)), int(m[1])
                W, b = draw(n_in, n_out, std=math.sqrt(2.0 / n_in)), draw(n_out, std=0.1)
                add('affine', Affine(W, b), (n_in, n_out), (W, b))
                shape = (n_out,)
            else:
                raise ValueError(f"architecture item '{item}' cannot be read")

    def forward_all(self, x):
        """Every layer's output for x, in order: [(name, output)]."""
        outs = []
        for layer_name, layer in self.layers.items():
            x = layer.forward(x)
            outs.append((layer_name, x))
        return outs

    def cnnw(self):
        """The network as a .cnnw file (docs/cnnw-format.md)."""
        u32 = lambda *v: struct.pack(f'<{len(v)}I', *v)
        out = bytearray(b'CNNW' + u32(1, *self.input_dim, len(self.records)))
        for kind, layer_name, fields in self.records:
            out += u32(kind, len(layer_name)) + layer_name.encode('ascii') + u32(*fields)
        for W, b in self.params:
            out += W.astype('<f4').tobytes() + b.astype('<f4').tobytes()
        return bytes(out + u32(zlib.crc32(out)))


def read_idx_images(path, count):
    """The first `count` images of an IDX image file as (count, 1, rows, cols) in [0, 1]."""
    with open(path, 'rb') as f:
        magic, n, rows, cols = struct.unpack('>4I', f.read(16))
        if magic != 0x803 or n < count:
            raise ValueError(f'{path}: not an IDX image file with {count} images')
        pixels = np.frombuffer(f.read(count * rows * cols), dtype=np.uint8)
    # the C++ side's scaling (trainer.cpp: byte * (1/255) in float32)
    return (pixels.astype(np.float32) * np.float32(1.0 / 255.0)).reshape(count, 1, rows, cols)


def write_reference(out_dir, mnist_dir):
    """For each named architecture, writes into out_dir/<name>/:
    weights.cnnw, input.f32 (N, 1, 28, 28) float32, and <layer>.f64 for every layer plus
    probs.f64 (N, 10): the outputs in float64, little-endian, row-major."""
    images = os.path.join(mnist_dir, 't10k-images-idx3-ubyte')
    if not os.path.isfile(images):
        print(f'write-reference: MNIST is not at {images}: run scripts/fetch_mnist.sh', file=sys.stderr)
        return 1
    rng = np.random.default_rng(REFERENCE_SEED)
    digits = read_idx_images(images, REFERENCE_DIGITS)
    noise = rng.random((1,) + digits.shape[1:]).astype(np.float32)
    x = np.concatenate([digits, noise])
    for arch, spec in ARCHITECTURES.items():
        net = LayerNet(spec, x.shape[1:], rng)
        d = os.path.join(out_dir, arch)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'weights.cnnw'), 'wb') as f:
            f.write(net.cnnw())
        x.astype('<f4').tofile(os.path.join(d, 'input.f32'))
        outs = net.forward_all(x.astype(np.float64))
        outs.append(('probs', softmax(outs[-1][1])))
        for layer_name, y in outs:
            np.ascontiguousarray(y, dtype='<f8').tofile(os.path.join(d, layer_name + '.f64'))
        print(f'write-reference: {d}: {spec}, {x.shape[0]} images, ' +
              ', '.join(f'{n} {tuple(y.shape[1:])}' for n, y in outs))
    return 0


# ---------------------------------------------------------------------------
# Benchmark
# ---------------------------------------------------------------------------

BATCH = 100
WARMUP_BATCHES = 2


def blas_description():
    """Best-effort name of the BLAS shared library numpy has loaded (Linux)."""
    libs = set()
    try:
        with open('/proc/self/maps') as f:
            for line in f:
                path = line.split()[-1]
                name = path.rsplit('/', 1)[-1].lower()
                if any(s in name for s in ('blas', 'blis', 'mkl', 'atlas')):
                    libs.add(path)
    except OSError:
        pass
    return ', '.join(sorted(libs)) if libs else 'unknown'


def percentile(values, q):
    return float(np.percentile(np.asarray(values), q))


def bench_train(net, optimizer, x, t, n_batches):
    n = x.shape[0]
    def step(i):
        s = (i * BATCH) % n
        grads = net.gradient(x[s:s + BATCH], t[s:s + BATCH])
        optimizer.update(net.params, grads)
    for i in range(WARMUP_BATCHES):
        step(i)
    start = time.perf_counter()
    for i in range(n_batches):
        step(WARMUP_BATCHES + i)
    elapsed = time.perf_counter() - start
    return n_batches * BATCH / elapsed


def bench_infer(net, x, n_batches):
    n = x.shape[0]
    for i in range(WARMUP_BATCHES):
        net.predict(x[(i * BATCH) % n:(i * BATCH) % n + BATCH])
    start = time.perf_counter()
    for i in range(n_batches):
        s = ((WARMUP_BATCHES + i) * BATCH) % n
        net.predict(x[s:s + BATCH])
    elapsed = time.perf_counter() - start
    return n_batches * BATCH / elapsed


def bench_forward_one(net, x, runs):
    n = x.shape[0]
    for i in range(10):   # warm-up
        net.predict(x[i % n:i % n + 1])
    times_ms = []
    for i in range(runs):
        img = x[i % n:i % n + 1]
        start = time.perf_counter()
        net.predict(img)
        times_ms.append((time.perf_counter() - start) * 1e3)
    return times_ms


def positive_int(s):
    v = int(s)
    if v < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n', 2)[0])
    ap.add_argument('--dtype', choices=['float64', 'float32'], default='float64')
    ap.add_argument('--train-batches', type=positive_int, default=20)
    ap.add_argument('--forward-runs', type=positive_int, default=1000)
    ap.add_argument('--infer-batches', type=positive_int, default=20)
    ap.add_argument('--repeats', type=positive_int, default=3)
    ap.add_argument('--check', action='store_true',
                    help='run a numerical gradient check on a tiny network and exit')
    ap.add_argument('--write-reference', metavar='DIR',
                    help="write the reference weights, inputs and layer outputs of the 'simple' "
                         "and 'two-stage' networks into DIR (for tests/test_reference.cpp) and exit")
    ap.add_argument('--mnist', metavar='DIR',
                    default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'mnist'),
                    help='where t10k-images-idx3-ubyte is (default: data/mnist)')
    args = ap.parse_args()

    if args.check:
        return gradient_check()
    if args.write_reference:
        return write_reference(args.write_reference, args.mnist)

    dtype = np.dtype(args.dtype)
    rng = np.random.default_rng(42)
    n_data = 1000   # 10 distinct batches of random "images", cycled
    x = rng.random((n_data, 1, 28, 28)).astype(dtype)
    t = rng.integers(0, 10, size=n_data)

    print(f"# numpy {np.__version__}, dtype {dtype.name}, BLAS: {blas_description()}, "
          f"batch {BATCH}, train_batches {args.train_batches}, "
          f"infer_batches {args.infer_batches}, forward_runs {args.forward_runs}, "
          f"repeats {args.repeats}", file=sys.stderr)

    train_ips, infer_ips = [], []
    fwd_times = None
    for r in range(args.repeats):
        net = SimpleConvNet(dtype=dtype, rng=np.random.default_rng(r))
        train_ips.append(bench_train(net, Adam(lr=0.001), x, t, args.train_batches))
        infer_ips.append(bench_infer(net, x, args.infer_batches))
        if fwd_times is None:   # one set of single-image runs is enough
            fwd_times = bench_forward_one(net, x, args.forward_runs)

    # sanity: dtype must be preserved end-to-end (no silent float64 promotion)
    assert net.params['W1'].dtype == dtype and net.predict(x[:1]).dtype == dtype

    print(f"numpy_train_images_per_s: {np.median(train_ips):.1f} images/s "
          f"(min {min(train_ips):.1f}, max {max(train_ips):.1f})")
    print(f"numpy_forward_1_image_ms: {np.median(fwd_times):.3f} ms "
          f"(median of {len(fwd_times)}; p10 {percentile(fwd_times, 10):.3f}, "
          f"p90 {percentile(fwd_times, 90):.3f})")
    print(f"numpy_infer_batch100_images_per_s: {np.median(infer_ips):.1f} images/s "
          f"(min {min(infer_ips):.1f}, max {max(infer_ips):.1f})")
    return 0


if __name__ == '__main__':
    sys.exit(main())
