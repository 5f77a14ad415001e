"""The equations every implementation writes out, by tag.

A line that implements equation N carries the comment `# (N) <text>` directly above it, with this exact text,
in reference_numpy and in every manual implementation; autodiff variants mark the equations the framework does
for them with `# (N) <text> : by <framework mechanism>`. tests/test_tags.py holds them to it.
"""

EQUATIONS = {
    1: "Z[l] = W[l] A[l-1] + b[l]",
    2: "A[l] = g[l](Z[l])",
    3: "J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L]))",
    4: "dA[L] = -(Y / A[L] - (1-Y) / (1 - A[L]))",
    5: "dZ[L] = A[L] - Y",
    6: "dZ[l] = dA[l] * g[l]'(Z[l])",
    7: "dA[l-1] = W[l]^T dZ[l]",
    8: "dW[l] = 1/m dZ[l] A[l-1]^T",
    9: "db[l] = 1/m sum_i dZ[l](i)",
    10: "W[l] = W[l] - alpha dW[l]",
    11: "b[l] = b[l] - alpha db[l]",
    12: "Y_hat = 1{A[L] > 0.5}",
    # course 2, week 1: L2 regularization, inverted dropout, gradient checking
    13: "J = J + lambd/(2m) sum_l ||W[l]||_F^2",
    14: "dW[l] = dW[l] + lambd/m W[l]",
    15: "D[l] = 1{rand(A[l].shape) < keep_prob}",
    16: "A[l] = A[l] * D[l] / keep_prob",
    17: "dA[l] = dA[l] * D[l] / keep_prob",
    18: "gradapprox_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)",
    19: "difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||)",
    # course 2, week 2: optimizers (each line for W[l] and b[l] alike: dW[l] stands for either gradient)
    20: "v_dW[l] = beta v_dW[l] + (1-beta) dW[l]",
    21: "W[l] = W[l] - alpha v_dW[l]",
    22: "s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2",
    23: "W[l] = W[l] - alpha dW[l] / (sqrt(s_dW[l]) + epsilon)",
    24: "v_dW[l] = beta1 v_dW[l] + (1-beta1) dW[l]",
    25: "v_corrected[l] = v_dW[l] / (1 - beta1^t)",
    26: "s_corrected[l] = s_dW[l] / (1 - beta2^t)",
    27: "W[l] = W[l] - alpha v_corrected[l] / (sqrt(s_corrected[l]) + epsilon)",
    28: "alpha = alpha0 / (1 + decay_rate epoch)",
    29: "alpha = alpha0 / (1 + decay_rate floor(epoch / time_interval))",
    # course 2, week 3: softmax output (30-33) and batch normalization (34-39)
    30: "Y_c(i) = 1{y(i) = c}",
    31: "A[L] = exp(Z[L] - max_c Z[L]) / sum_c exp(Z[L] - max_c Z[L])",
    32: "J = -1/m sum_i sum_c Y log A[L]",
    33: "Y_hat = argmax_c A[L]",
    34: "mu[l] = 1/m sum_i Z[l](i), sigma2[l] = 1/m sum_i (Z[l](i) - mu[l])^2",
    35: "Z_norm[l] = (Z[l] - mu[l]) / sqrt(sigma2[l] + eps)",
    36: "Z_tilde[l] = gamma[l] Z_norm[l] + beta[l]",
    37: "dgamma[l] = 1/m sum_i dZ_tilde[l] Z_norm[l], dbeta[l] = 1/m sum_i dZ_tilde[l]",
    38: "dZ[l] = gamma[l] / sqrt(sigma2[l] + eps) (dZ_tilde[l] - dbeta[l] - Z_norm[l] dgamma[l])",
    39: "mu_run[l] = beta_bn mu_run[l] + (1 - beta_bn) mu[l], sigma2_run[l] likewise",
}


def tag(number):
    """The comment text for equation `number`, e.g. tag(8) == '# (8) dW[l] = 1/m dZ[l] A[l-1]^T'."""
    return f"# ({number}) {EQUATIONS[number]}"
