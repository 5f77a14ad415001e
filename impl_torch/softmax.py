"""The softmax output layer: reference_numpy/softmax.py in torch (classes are rows, examples columns)."""

import torch


def one_hot(labels, C):
    """labels : (m,) int64 tensor in 0..C-1 -> Y : (C, m) one-hot in float64 (the reference checks the range)."""
    classes = torch.arange(C, device=labels.device).reshape(C, 1)
    # (30) Y_c(i) = 1{y(i) = c}
    Y = (classes == labels.reshape(1, -1)).to(torch.float64)
    return Y


def softmax(Z):
    """Z : (C, m) -> A : (C, m), each column shifted by its maximum."""
    # (31) A[L] = exp(Z[L] - max_c Z[L]) / sum_c exp(Z[L] - max_c Z[L])
    T = torch.exp(Z - torch.amax(Z, dim=0, keepdim=True))
    A = T / torch.sum(T, dim=0, keepdim=True)
    return A


def log_softmax(Z):
    """log A[L] from the logits, written out as the reference's: Z - max - log sum exp(Z - max)."""
    shifted = Z - torch.amax(Z, dim=0, keepdim=True)
    return shifted - torch.log(torch.sum(torch.exp(shifted), dim=0, keepdim=True))


def softmax_cost(AL, Y, ZL=None):
    """AL, Y : (C, m), ZL : (C, m) or None -> J, a 0-d tensor (see the reference)."""
    m = Y.shape[1]
    if ZL is not None:
        log_a = log_softmax(ZL)
    else:
        log_a = torch.log(torch.clamp(AL, min=torch.finfo(AL.dtype).smallest_normal * torch.finfo(AL.dtype).eps))
    terms = torch.where(Y == 0, 0, Y * log_a)
    # (32) J = -1/m sum_i sum_c Y log A[L]
    J = -torch.sum(terms) / m
    return J


def predict_classes(AL):
    """AL : (C, m) -> Y_hat : (1, m) int64 (the first class on a tie)."""
    # (33) Y_hat = argmax_c A[L]
    Y_hat = torch.argmax(AL, dim=0).reshape(1, -1)
    return Y_hat
