"""Rubinstein's alternating-offers model (Rubinstein 1982), with outside options.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._numbers import _real, _real_array
from ..errors import InfeasibleError, InvalidParameterError
from ..game._checks import _check_players, _default_players
from ..results import RubinsteinSplit
from ._convert import _vector_of

__all__ = ['rubinstein']


# Rubinstein
def _pair(value: Any, arg: str) -> tuple[float, float]:
    arr = _real_array(value, arg, expected="a number or a pair of numbers")
    if arr.ndim == 0:
        arr = np.array([arr, arr])
    if arr.shape != (2,):
        raise InvalidParameterError(f"`{arg}` must have one entry per partner (2), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {arr.tolist()}")
    return float(arr[0]), float(arr[1])


def _rubinstein_shares(pie, dP, dR, oP, oR, gaps=None):
    """Proposer's share ``M_P`` and responder's proposing share ``M_R``.

    Stationary subgame-perfect play: the proposer offers the responder just
    enough, the larger of its outside option and what it gets by waiting,
    ``M_P = pie - max(oR, dR M_R)`` and ``M_R = pie - max(oP, dP M_P)``.
    The map is a contraction (factor ``dP dR < 1``); its fixed point is found
    by checking the four cases of which options bind. ``gaps`` gives
    ``(1 - dP, 1 - dR, 1 - dP dR)`` when they are known more precisely than
    the factors (from rates: ``-expm1(-r step)``, exact for tiny steps).
    """
    gP, gR, den = gaps if gaps is not None else (1.0 - dP, 1.0 - dR, 1.0 - dP * dR)
    cases = [
        ((pie * gR / den), (pie * gP / den)),  # neither binds
        (pie - oR, pie - dP * (pie - oR)),  # the responder's option binds
        (pie - dR * (pie - oP), pie - oP),  # the proposer's option binds
        (pie - oR, pie - oP),  # both bind
    ]
    best = None
    for MP, MR in cases:
        res = abs(MP - (pie - max(oR, dR * MR))) + abs(MR - (pie - max(oP, dP * MP)))
        if best is None or res < best[0]:
            best = (res, MP, MR)
    _, MP, MR = best
    return MP, MR


def _check_outside_options(opts: np.ndarray, names: tuple[str, ...], pie: float) -> tuple[float, float]:
    """Outside options that a deal can beat, as used by the model.

    Each must be below the pie, and what the partners can walk away with
    must sum to less than the pie. An option below zero never binds (a
    responder is always offered a positive share), so the model works with
    ``max(option, 0)``.
    """
    for k in range(2):
        if opts[k] >= pie:
            raise InfeasibleError(
                f"`outside_options` gives {names[k]!r} {float(opts[k]):.6g}, at least the whole pie "
                f"of {pie:.6g}: walking away beats any deal for it"
            )
    eff = np.maximum(opts, 0.0)
    total = float(eff[0] + eff[1])
    if total >= pie:
        raise InfeasibleError(
            f"`outside_options` sum to {total:.6g}, at least the pie of {pie:.6g} "
            f"(by {total - pie:.6g}): walking away beats any deal"
        )
    return float(eff[0]), float(eff[1])


def rubinstein(
    discount: Any = None,
    *,
    rates: Any = None,
    step: float | None = None,
    pie: float = 1.0,
    first: int | str = 0,
    outside_options: Any = None,
    players: Sequence[str] | None = None,
) -> RubinsteinSplit:
    r"""Rubinstein's alternating offers: the split patient negotiators reach.

    Two partners take turns proposing how to split a pie; the other accepts
    or rejects and proposes next round. Delay is costly: a partner with
    discount factor :math:`\delta_i` values a payoff one round later at
    :math:`\delta_i` of its value now. In the only subgame-perfect
    equilibrium (Rubinstein 1982) the first proposer offers at once what the
    other would get by waiting, and the offer is accepted:

    .. math:: x_{\text{proposer}} = \frac{1 - \delta_r}{1 - \delta_p \delta_r}\,\text{pie},
              \qquad x_{\text{responder}} = \text{pie} - x_{\text{proposer}}.

    The more patient partner (larger :math:`\delta`) gets more, and so does
    the first proposer. In plain words: your share is what your
    counterpart's impatience is worth to you.

    **Outside options** (Binmore, Shaked and Sutton 1989; Osborne and
    Rubinstein 1990, chapter 3): a partner who has just rejected an offer
    may, instead of making the next proposal, walk away and end the game
    with its outside option :math:`o_i`, the other getting nothing. In the
    unique subgame-perfect equilibrium the proposer offers the responder
    :math:`\max(o_r, \delta_r M_r)`, where :math:`M_r` is what the responder
    would get as the next proposer, and keeps the rest. An outside option
    matters only if it beats what the partner gets without it; then the
    partner gets exactly its outside option (when responding) and the other
    side keeps the rest: the *outside option principle*. A weak outside
    option is an empty threat, however loudly it is made. Outside options
    are not a disagreement point: they cap the bargaining from below
    instead of shifting it (Binmore, Rubinstein and Wolinsky 1986,
    section 5). The model needs a deal that beats walking away: each option
    below the pie and their sum below the pie (negative options, walking
    away at a loss, never bind).

    **Continuous time** (Binmore, Rubinstein and Wolinsky 1986): with
    discount rates :math:`r_i` and time :math:`\Delta` between offers,
    :math:`\delta_i = e^{-r_i \Delta}`. As :math:`\Delta \to 0` the
    first-mover advantage vanishes and the split tends to the asymmetric
    Nash split with bargaining powers proportional to :math:`1 / r_i` and
    disagreement point zero (see the examples). This is why the Nash
    solution describes patient negotiators.

    Parameters
    ----------
    discount : float or pair of float, optional
        Each partner's discount factor per round, in (0, 1). One number
        applies to both. Give either `discount` or `rates` and `step`.
    rates : pair of float, optional
        Each partner's discount rate per unit of time, positive.
    step : float, optional
        Time between offers, positive (with `rates`).
    pie : float, default 1.0
        The amount to split, positive.
    first : int or str, default 0
        The partner who makes the first offer (position or name).
    outside_options : pair of float or dict, optional
        What each partner gets by walking away after rejecting an offer, in
        the units of `pie`. Each must be below `pie`, and the non-negative
        ones must sum to less than `pie`.
    players : sequence of str, optional
        The two partners' names (default ``P1, P2``).

    Returns
    -------
    RubinsteinSplit
        ``x`` (shares in `players` order), ``discount``, ``first``,
        ``outside_options``, ``binding`` (whose option shapes the split).

    Raises
    ------
    InvalidParameterError
        On a discount factor outside (0, 1), a rate or step that is not
        positive, both or neither of `discount` and `rates`, a pie that is not
        positive, an unknown first proposer, or pairs of the wrong length.
    InfeasibleError
        If an outside option is `pie` or more, or the outside options sum to
        `pie` or more (walking away beats any deal).

    References
    ----------
    Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
    Econometrica 50(1), 97-109.
    Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash bargaining
    solution in economic modelling. RAND Journal of Economics 17(2), 176-188.
    Binmore, K., Shaked, A. and Sutton, J. (1989). An outside option
    experiment. Quarterly Journal of Economics 104(4), 753-770.
    Muthoo, A. (1999). Bargaining Theory with Applications, chapter 5.
    Cambridge University Press.
    Osborne, M. J. and Rubinstein, A. (1990). Bargaining and Markets,
    chapter 3. Academic Press.

    Examples
    --------
    Equal patience, 0.9 per round: the first proposer gets 1 / (1 + 0.9).

    >>> import coalition as co
    >>> co.rubinstein(0.9).x.round(4)
    array([0.5263, 0.4737])

    A buyer's outside option of 0.6 beats the 0.4737 it would get; it binds:

    >>> s = co.rubinstein(0.9, outside_options=[0, 0.6], players=["Seller", "Buyer"])
    >>> s.as_dict(), s.binding
    ({'Seller': 0.4, 'Buyer': 0.6}, (False, True))

    Short time steps give the Nash split with powers 1 / rate:

    >>> co.rubinstein(rates=(0.1, 0.3), step=1e-6).x.round(4)
    array([0.75, 0.25])
    >>> co.nash_bargaining(co.Game([0, 0, 0, 1]), power=[1 / 0.1, 1 / 0.3]).x.round(4)
    array([0.75, 0.25])
    """
    names = _default_players(2) if players is None else _check_players(players)
    if len(names) != 2:
        raise InvalidParameterError(f"`players` must name 2 partners, got {len(names)}")
    if discount is not None and rates is not None:
        raise InvalidParameterError("give either `discount` or `rates` (with `step`), not both")
    if discount is None and rates is None:
        raise InvalidParameterError("give `discount` factors, or `rates` with a time `step`")
    rate_pair = None
    step_val = None
    if rates is not None:
        rate_pair = _pair(rates, "rates")
        if min(rate_pair) <= 0:
            raise InvalidParameterError(f"`rates` must be positive, got {list(rate_pair)}")
        if step is None:
            raise InvalidParameterError("`step`, the time between offers, is needed with `rates`")
        step_val = _real(step, "step", expected="a positive number", allow_nonfinite=True)
        if not (math.isfinite(step_val) and step_val > 0):
            raise InvalidParameterError(f"`step` must be a positive number, got {step!r}")
        deltas = (math.exp(-rate_pair[0] * step_val), math.exp(-rate_pair[1] * step_val))
        # 1 - delta from expm1: exact where the factors round to nearly 1
        gaps = (-math.expm1(-rate_pair[0] * step_val), -math.expm1(-rate_pair[1] * step_val),
                -math.expm1(-(rate_pair[0] + rate_pair[1]) * step_val))
        if max(deltas) >= 1.0 or min(deltas) <= 0.0:
            raise InvalidParameterError(
                f"`rates` times `step` must give discount factors in (0, 1); got {list(deltas)}"
            )
    else:
        if step is not None:
            raise InvalidParameterError("`step` goes with `rates`; with `discount` factors leave it out")
        deltas = _pair(discount, "discount")
        gaps = None
        bad = [v for v in deltas if not 0.0 < v < 1.0]
        if bad:
            raise InvalidParameterError(
                f"`discount` must be in (0, 1) for each partner (the value of a payoff one round "
                f"later), got {list(deltas)}"
            )
    pie_val = _real(pie, "pie", expected="a positive number", allow_nonfinite=True)
    if not (math.isfinite(pie_val) and pie_val > 0):
        raise InvalidParameterError(f"`pie` must be a positive number, got {pie!r}")
    if isinstance(first, str):
        if first not in names:
            raise InvalidParameterError(f"`first` names {first!r}, which is not a player {list(names)}")
        p = names.index(first)
    elif isinstance(first, (int, np.integer)) and not isinstance(first, bool) and int(first) in (0, 1):
        p = int(first)
    else:
        raise InvalidParameterError(f"`first` must be 0, 1 or a player name, got {first!r}")
    q = 1 - p
    if outside_options is None:
        opts = None
        o = (-math.inf, -math.inf)
    else:
        opts = _vector_of(outside_options, names, "outside_options")
        o = _check_outside_options(opts, names, pie_val)
    ordered = None if gaps is None else (gaps[p], gaps[q], gaps[2])
    MP, _ = _rubinstein_shares(pie_val, deltas[p], deltas[q], o[p], o[q], ordered)
    x = np.empty(2)
    x[p] = MP
    x[q] = pie_val - MP
    binding = [False, False]
    if opts is not None:
        # an option shapes the split when the split without it differs (the
        # proposer's may bind only off the path, where it changes nothing)
        without_p, _ = _rubinstein_shares(pie_val, deltas[p], deltas[q], -math.inf, o[q], ordered)
        without_q, _ = _rubinstein_shares(pie_val, deltas[p], deltas[q], o[p], -math.inf, ordered)
        binding[p] = abs(without_p - MP) > 1e-12 * pie_val
        binding[q] = abs(without_q - MP) > 1e-12 * pie_val
    return RubinsteinSplit(
        names,
        x,
        "rubinstein",
        "profit",
        pie=pie_val,
        discount=deltas,
        first=names[p],
        outside_options=opts,
        binding=tuple(binding),
        rates=rate_pair,
        step=step_val,
    )
