"""The work of one training iteration, counted from the model's layer sizes and the batch size m.

An iteration is the course's loop body: forward (1)-(2), the cost (3), backward (5)-(9) without dA[0], the
update (10)-(11). The counts are the arithmetic the equations ask for, not what a framework happens to execute.

Matrix products (what the GEMM peak measures, so what the fraction of peak is taken over), for l = 1..L with
n[l] x n[l-1] weights, each product of a (p, q) and a (q, r) matrix counted as 2 p q r (a multiply and an add):

    (1) Z[l] = W[l] A[l-1]          forward            2 n[l] n[l-1] m   for every layer
    (8) dW[l] = dZ[l] A[l-1]^T      backward           2 n[l] n[l-1] m   for every layer
    (7) dA[l-1] = W[l]^T dZ[l]      backward           2 n[l] n[l-1] m   for l = 2..L (training never needs dA[0])

Elementwise work, one operation per element of each array operation as the course writes it (a function such
as exp, log or g counts as one; scalar arithmetic on J is left out). Reported beside the matmuls, never added
to them: on every size that matters it is a few per cent of them, and it runs at memory speed, not GEMM speed.

    (1) + b[l]                       n[l] m          every layer
    (2) g[l](Z[l])                   n[l] m          every layer
    (3) J: log a, 1 - a, log(1 - a), 1 - y, two products, their sum, the sum over m: 8 m
    (5) dZ[L] = A[L] - Y             m
    (6) dA[l] * g'(Z[l])             2 n[l] m        l = 1..L-1 (g' and the product)
    (8) 1/m dW[l]                    n[l] n[l-1]     every layer
    (9) db[l]: the sum over m and 1/m   n[l] m + n[l]  every layer
    (10), (11) W - alpha dW, b - alpha db  2 (n[l] n[l-1] + n[l])  every layer
"""


def matmul_shapes(layer_dims, m):
    """The matrix products of one training iteration as (p, q, r): a (p, q) times a (q, r) matrix, in the
    order they run: (1) for l = 1..L, then (8) and (7) per layer from L down ((7) for l >= 2 only)."""
    pairs = [(n, n_prev) for n_prev, n in zip(layer_dims, layer_dims[1:], strict=False)]
    forward = [(n, n_prev, m) for n, n_prev in pairs]  # (1) W[l] A[l-1]
    backward = []
    for l in range(len(pairs), 0, -1):
        n, n_prev = pairs[l - 1]
        backward.append((n, m, n_prev))  # (8) dZ[l] A[l-1]^T
        if l >= 2:
            backward.append((n_prev, n, m))  # (7) W[l]^T dZ[l]
    return forward + backward


def matmul_flops(layer_dims, m):
    """Floating-point operations of the matrix products of one training iteration (see the module docstring)."""
    return sum(2 * p * q * r for p, q, r in matmul_shapes(layer_dims, m))


def elementwise_flops(layer_dims, m):
    """Elementwise operations of one training iteration (see the module docstring)."""
    pairs = [(n, n_prev) for n_prev, n in zip(layer_dims, layer_dims[1:], strict=False)]
    L = len(pairs)
    total = 8 * m + m  # (3) the cost and (5) dZ[L]
    for l, (n, n_prev) in enumerate(pairs, start=1):
        total += 2 * n * m  # (1) + b and (2) g
        if l < L:
            total += 2 * n * m  # (6)
        total += n * n_prev  # (8) the 1/m
        total += n * m + n  # (9)
        total += 2 * (n * n_prev + n)  # (10), (11)
    return total


def parameter_count(layer_dims):
    """Number of weights and biases: sum of n[l] (n[l-1] + 1)."""
    return sum(n * (n_prev + 1) for n_prev, n in zip(layer_dims, layer_dims[1:], strict=False))
