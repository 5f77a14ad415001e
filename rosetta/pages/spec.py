"""The pages: one per course model, each with its model, its data's size and the equations the course computes
for it; and one per optimizer of course 2, week 2 (the harness's optimizer cases, conformance.cases_optimization)."""

from dataclasses import dataclass

from reference_numpy.equations import EQUATIONS
from reference_numpy.model import Model

_MOONS = Model.deep((2, 5, 2, 1))  # the course's layers_dims for the moons
_MINIBATCH = (
    "The course's [2, 5, 2, 1] network on the course's moons, (2, 300), 8 epochs of mini-batches of 64 (the "
    "last one 44), shuffled with the course's seeds (epoch i: 11 + i); the cost is the epoch's average."
)


@dataclass(frozen=True)
class PageSpec:
    """A course model's page. model and m are the harness's case of the same name (conformance.cases; a test
    checks they agree), so the records of that model are about these very shapes."""

    name: str  # the file name and the records' model
    title: str
    week: str
    model: Model
    m: int  # examples in the case's data
    equations: tuple  # what the course computes for this model (see each spec)
    intro: str


PAGES = (
    PageSpec(
        "logistic",
        "Logistic regression",
        "Week 2",
        Model.logistic(12288),
        209,
        # week 2 goes straight from A - Y to dw, db: no (4), and with one layer no (6) and no (7)
        equations=(1, 2, 3, 5, 8, 9, 10, 11, 12),
        intro="One sigmoid unit on the cat/non-cat pictures (64 x 64 x 3 = 12288 features). Here it is the L = 1 "
        "case of the same network as the other pages: W[1] : (1, 12288) is the course's w^T and b[1] : (1, 1) its "
        "b, so (8) dW[1] = 1/m dZ[1] A[0]^T = 1/m (A - Y) X^T is the transpose of the course's dw = 1/m X (A - Y)^T. "
        "The course starts from zeros; the harness starts from small random (Xavier) weights instead, because "
        "with zeros every Z is 0 and a transposed or mis-scaled line could go unnoticed.",
    ),
    PageSpec(
        "shallow",
        "A shallow network",
        "Week 3",
        Model.shallow(2, 4),
        400,
        # week 3 writes dZ2 = A2 - Y, then dZ1 = W2^T dZ2 * (1 - A1^2): (5), (7) and (6), no (4)
        equations=(1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12),
        intro="One hidden layer of 4 tanh units and a sigmoid output, on the planar 'flower' (2 features, 400 "
        "points), learning rate 1.2: the course's nn_model.",
    ),
    PageSpec(
        "deep",
        "A deep network",
        "Week 4",
        Model.deep((12288, 20, 7, 5, 1)),
        209,
        # week 4's L_model_backward starts from dAL, the chain form (4): every equation of course 1
        equations=tuple(n for n in EQUATIONS if n <= 12),
        intro="The L-layer network of the week 4 application, 12288-20-7-5-1: relu in the three hidden layers, "
        "a sigmoid at the output, on the cat/non-cat pictures, learning rate 0.0075.",
    ),
    PageSpec(
        "c2-dropout",
        "Regularization: L2, inverted dropout, gradient checking",
        "Course 2, week 1",
        Model.deep((2, 20, 3, 1)),
        211,
        # the regularization assignment's network: L2 (13, 14), dropout (15-17), the gradient checker (18, 19);
        # (1) to (12) are the deep page's
        equations=tuple(n for n in EQUATIONS if 13 <= n <= 19),
        intro="The regularization assignment's network 2-20-3-1 (relu, relu, sigmoid) on data.mat's 211 points (or "
        "a generated stand-in of its shapes), learning rate 0.3. L2 adds lambd/(2m) sum ||W[l]||^2 to the cost and "
        "lambd/m W[l] to each dW[l], biases untouched. Dropout's masks are drawn once by the reference and handed "
        "to every framework, so all of them drop the same units; torch.nn's nn.Dropout is replaced by a module "
        "that applies the given mask. torch.optim.SGD(weight_decay=wd) adds wd * p to every parameter's gradient, "
        "biases included: with wd = lambd/m on the weights only (a parameter group) it is the course's L2 step in "
        "exact arithmetic, rounded differently (wd * W is added to the gradient before the step, the course adds "
        "lambd/m W inside dW). The gradient checker compares each backend's gradients with central differences of "
        "the reference's cost, tensor by tensor.",
    ),
    PageSpec(
        "gd-minibatch",
        "Mini-batch gradient descent and learning-rate decay",
        "Course 2, week 2",
        _MOONS,
        300,
        equations=(10, 11, 28, 29),
        intro=_MINIBATCH + " Gradient descent on each mini-batch, the rate decaying after each epoch: (28) in "
        "this case (rate 0.1, decay_rate 0.5), (29) in the momentum case. The course applies the decay after "
        "epoch i, so epochs 0 and 1 both run at alpha0.",
    ),
    PageSpec(
        "momentum",
        "Momentum",
        "Course 2, week 2",
        _MOONS,
        300,
        equations=(20, 21, 29),
        intro=_MINIBATCH + " Momentum with beta 0.9, rate 0.1, the scheduled decay (29) every 3 epochs. The "
        "course's velocity has the factor 1 - beta and no bias correction; torch.optim.SGD and optax.sgd keep "
        "the velocity without it, so their learning rate is alpha (1 - beta) (see the note).",
    ),
    PageSpec(
        "rmsprop",
        "RMSprop",
        "Course 2, week 2",
        _MOONS,
        300,
        equations=(22, 23),
        intro=_MINIBATCH + " RMSprop (the lecture's; the assignment has no RMSprop function) with beta2 0.999, "
        "epsilon 1e-8 outside the root, rate 0.01.",
    ),
    PageSpec(
        "adam",
        "Adam",
        "Course 2, week 2",
        _MOONS,
        300,
        equations=(24, 25, 22, 26, 27, 28),
        intro=_MINIBATCH + " Adam as the course writes it: bias-corrected moments, epsilon outside the root "
        "(beta1 0.9, beta2 0.999, epsilon 1e-8), rate 0.01 with the decay (28), decay_rate 0.2.",
    ),
    PageSpec(
        "softmax-bn",
        "Softmax output and batch normalization",
        "Course 2, week 3",
        Model.softmax((4, 6, 5, 3), hidden="relu", batchnorm=(1,), name="softmax-bn"),
        24,
        # no (3), (4), (12): the output is softmax over C = 3 classes; (5) is again A[L] - Y
        equations=(1, 2, 5, 6, 7, 8, 9, 10, 11, *range(30, 40)),
        intro="A softmax network over C = 3 classes, 4-6-5-3, relu, with batch normalization on layer 1 "
        "(W[1], gamma[1], beta[1]; no b[1]), on 24 synthetic points. The softmax cross-entropy (32) is the MEAN over "
        "the examples, like (3); the course's TensorFlow assignment's compute_total_loss SUMS over a mini-batch "
        "because it adds the batches' totals over an epoch and divides by m once (an older revision took the mean "
        "per batch, which weighs a smaller last batch too much). With the mean, (5) dZ[L] = A[L] - Y and the 1/m in "
        "(8), (9), (37) are the same as for the sigmoid. BatchNorm1d works on rows (m, n[l]), takes the weight of "
        "the NEW value as its momentum (0.1 = 1 - the course's beta 0.9) and averages the UNBIASED variance in "
        "running_var while it normalizes with the biased one: the torch.nn variant maps it back exactly for a "
        "constant batch size (impl_torch/nn_layers.py). At prediction time mu[l], sigma2[l] are the running "
        "averages (39), passed as `running`.",
    ),
)
