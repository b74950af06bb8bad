//! The numerical tolerances of truce, each named once.
//!
//! Every float comparison of computed payoffs goes through [`Tolerance`]: it is relative
//! to the scale of the game's payoffs, so rescaling a game by 1000 does not change which
//! profiles count as equilibria. The other thresholds of the solvers (zero tests on
//! already-scaled quantities, step sizes and stopping rules of the iterative methods) are
//! the constants below, grouped by where they are used, each with the reason for its size.
//! A value below `1e-12` says in its reason why it can be that small.

/// Base tolerance: a quantity counts as zero when it is below `EPS` times the payoff
/// scale (the largest absolute payoff, at least 1).
pub const EPS: f64 = 1e-9;

/// A tolerance fitted to one game's payoff scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// Absolute threshold in payoff units.
    pub abs: f64,
}

impl Tolerance {
    /// The tolerance for payoffs whose largest absolute value is `scale`.
    pub fn for_scale(scale: f64) -> Self {
        Tolerance {
            abs: EPS * scale.abs().max(1.0),
        }
    }

    /// `x >= y` up to the tolerance.
    pub fn ge(&self, x: f64, y: f64) -> bool {
        x >= y - self.abs
    }

    /// `x > y` by more than the tolerance.
    pub fn gt(&self, x: f64, y: f64) -> bool {
        x > y + self.abs
    }

    /// `|x - y|` within the tolerance.
    pub fn eq(&self, x: f64, y: f64) -> bool {
        (x - y).abs() <= self.abs
    }
}

/// Tolerance for probabilities (scale 1).
pub const PROB: Tolerance = Tolerance { abs: EPS };

// --- Equilibria and probability vectors --------------------------------------------------

/// A verified equilibrium (and a one-shot deviation in the repeated game) may gain up to
/// this many game tolerances, `10 × EPS × scale`: room for the rounding of computed
/// probabilities.
pub const REGRET_FACTOR: f64 = 10.0;

/// A probability at most this far below 0 is rounding and is clipped to 0; a more negative
/// one is not a probability (the value of [`EPS`], on the probability scale 1).
pub const PROB_NEGATIVE: f64 = 1e-9;

/// Probabilities must sum to 1 within this: a sum collects the rounding of every entry, so
/// it gets more room than one entry ([`PROB_NEGATIVE`]); the vector is then renormalised.
pub const PROB_SUM: f64 = 1e-7;

/// Two probability vectors within this of each other in every entry are one strategy when
/// equilibria are deduplicated or extreme strategies interned (the value of [`EPS`]).
pub const SAME_PROFILE: f64 = 1e-9;

// --- Stage game: enumeration, Lemke–Howson, LPs ------------------------------------------

/// Relative zero tolerance of the float double description (times the constraint scale,
/// `1 + 2·max(m, n)` on payoffs shifted onto `[1, 2]`).
pub const DD_EPS: f64 = 1e-10;

/// Rank test of the double description: constraint normals have entries of order 1
/// (payoffs shifted onto `[1, 2]`), so this is absolute.
pub const DD_RANK: f64 = 1e-9;

/// Lemke–Howson: a column entry above this times the column's largest entry is a usable
/// (positive) pivot; smaller ones are rounding.
pub const LH_PIVOT: f64 = 1e-11;

/// Lemke–Howson ratio test: ratios within this times `max(1, |best ratio|)` are tied and
/// go to the lexicographic tie-break.
pub const LH_TIE: f64 = 1e-9;

/// Floor of the column scale in [`LH_PIVOT`], so an all-zero column still has a positive
/// threshold; this small (near the least normal `f64`, 2.2e-308) so that it never binds on
/// a column with any real entry.
pub const LH_PIVOT_SCALE_FLOOR: f64 = 1e-300;

/// Floor of the scale of the lexicographic tie-break ratios in [`LH_TIE`], so ratios that
/// are all zero are compared with a positive tolerance.
pub const LH_LEX_SCALE_FLOOR: f64 = 1e-12;

/// Lemke–Howson: the re-solved coordinates of the end point may be this far below 0
/// (rounding, clipped); a more negative solution is dropped for the tableau's values.
pub const LH_SOLVE_NEGATIVE: f64 = 1e-9;

/// Support enumeration: an indifference solution's entry within this of 0 counts as 0
/// (below −this the support pair is refused, at most this marks the game degenerate).
pub const SUPPORT_ZERO: f64 = 1e-12;

/// Weights of a mixed dominator at most this are LP rounding and are left out of the
/// reported mixture.
pub const DOMINANCE_WEIGHT_DROP: f64 = 1e-12;

/// Debug check of the mixed minmax: the LP's value and the best reply to its rounded
/// punisher agree within this times `1 + |minmax|`.
pub const MINMAX_LP_AGREEMENT: f64 = 1e-6;

/// Margin on the `ln` of the work of a square game at a size limit, so that rounding in
/// the log-binomial sums keeps that game on the side that runs.
pub const SIZE_LIMIT_MARGIN: f64 = 1e-9;

// --- Repeated game ------------------------------------------------------------------------

/// An automaton state's action probabilities must sum to 1 within this.
pub const AUTOMATON_PLAY_SUM: f64 = 1e-9;

/// An action a state plays with probability at least `1 − this` is its pure action.
pub const AUTOMATON_PURE: f64 = 1e-12;

/// Width of the bracket to which the smallest δ for subgame perfection is bisected.
pub const SPE_DELTA_BISECT: f64 = 1e-9;

/// Discount factors are clamped to at most `1 − this`, so that the Abreu–Sannikov
/// operator still contracts (at δ = 1 it would not).
pub const DELTA_BELOW_ONE: f64 = 1e-12;

/// Abreu–Sannikov stops when successive iterates are within this times the payoff span
/// (Hausdorff). Below 1e-12 because the operator contracts errors only by δ per step, so
/// the distance left to the fixed point is up to `this / (1 − δ)`: 1e-10 of the span at
/// δ = 0.999, still far below the 1e-6 agreement required with the references.
pub const AS_CONVERGENCE: f64 = 1e-13;

/// Slack of the incentive constraints (and of the individually rational clip) in the
/// Abreu–Sannikov half-plane clips, relative to the payoff span: rounding only.
pub const AS_INCENTIVE: f64 = 1e-12;

/// During the Abreu–Sannikov iteration a corner closer than this (relative to the span)
/// to the line through its neighbours is dropped. Iterates can carry long runs of nearly
/// collinear corners (orbits of a corner converging onto an edge) that cost time and no
/// accuracy: each drop moves the set by at most this distance and the operator contracts
/// errors by δ per step, so the answer moves by at most `AS_PRUNE / (1 − δ)` of the span
/// (2e-9 at δ = 0.95), far below the 1e-6 agreement required with the references.
pub const AS_PRUNE: f64 = 1e-10;

/// Collinearity tolerance of the feasible set (the hull of the pure payoffs), relative to
/// the span: only corners collinear up to rounding are merged.
pub const FEASIBLE_HULL: f64 = 1e-12;

/// Reported corners of a payoff set: a corner within this times the span of the line
/// through its neighbours is left out.
pub const SET_CORNER_COLLINEAR: f64 = 1e-9;

/// Equilibrium paths: a profile whose continuation violates its constraints by at most
/// this times the span is played directly, without a public draw.
pub const PATH_ACCEPT: f64 = 1e-9;

/// Equilibrium paths: a payoff pair within this times the span of the computed set `V`
/// counts as in it (the set itself is only accurate to about `AS_PRUNE / (1 − δ)`).
pub const PATH_MEMBERSHIP: f64 = 1e-7;

/// An equilibrium path is verified when its accounting residual and its worst violation
/// are within this times the span (the agreement required with the references).
pub const PATH_VERIFY: f64 = 1e-6;

// --- Learning dynamics -------------------------------------------------------------------

/// The replicator flow and the logit path have reached an equilibrium when the regret is
/// at most this times the payoff scale: both approach their limit only asymptotically, so
/// this is far above [`EPS`].
pub const DYNAMICS_REGRET: f64 = 1e-6;

/// Fictitious play has converged only if the empirical frequencies' regret is at most this
/// times the payoff scale: the frequencies converge slowly, so a tighter target would cost
/// far more rounds.
pub const FICTITIOUS_REGRET: f64 = 1e-3;

/// Fictitious play has converged only if, besides the regret, no empirical frequency has
/// moved farther than this from its current value over (at least) the last half of play.
/// Play that settles on a profile at round `t₀` moves its frequencies by about `t₀/t` over
/// the last half, so this waits until about `1000 t₀` rounds.
pub const FICTITIOUS_DRIFT: f64 = 1e-3;

/// Fictitious play is not declared converged before this round: the last half of play
/// then holds at least 50 rounds.
pub const FICTITIOUS_MIN_ROUNDS: usize = 100;

/// Fictitious play: most rounds at the end of play checked for a repeating sequence of
/// profiles (the last half of play, up to this), which bounds the memory kept.
pub const FICTITIOUS_CYCLE_WINDOW: usize = 1 << 16;

/// Fictitious play repeats a sequence of profiles at the end when the sequence's period
/// fits at least this many times into the rounds checked.
pub const FICTITIOUS_CYCLE_REPEATS: usize = 3;

/// Replicator: relative error tolerance per Dormand–Prince step (on log-shares).
pub const REPLICATOR_RTOL: f64 = 1e-10;

/// Replicator: absolute error tolerance per step (on log-shares), for components near 0.
pub const REPLICATOR_ATOL: f64 = 1e-12;

/// Replicator: at rest when no share moves faster than this times the payoff scale (the
/// velocity scales with the payoffs).
pub const REPLICATOR_REST: f64 = 1e-9;

/// Replicator: the first step, divided by the payoff scale (time runs faster with larger
/// payoffs); the error control adjusts it from there.
pub const REPLICATOR_STEP_INIT: f64 = 0.01;

/// Replicator: a trajectory that comes back within this distance (log-shares) of its start
/// has closed an orbit.
pub const REPLICATOR_RETURN_RADIUS: f64 = 1e-5;

/// Replicator: the trajectory has left its start once it got farther than this many
/// [`REPLICATOR_RETURN_RADIUS`] away, and only then can a return close an orbit.
pub const REPLICATOR_LEFT_FACTOR: f64 = 1e3;

/// Replicator: the trajectory is back near its start within this fraction of the farthest
/// distance it reached; there steps are shortened and returns are looked for.
pub const REPLICATOR_NEAR_START: f64 = 0.25;

/// Replicator: near the start a step moves log-shares by at most this, which keeps the
/// Hermite interpolant accurate to within [`REPLICATOR_RETURN_RADIUS`].
pub const REPLICATOR_NEAR_STEP: f64 = 1e-3;

/// Replicator: the step size has collapsed below this times `1 + t`. Below 1e-12 because it
/// is relative to the time reached, where it is about 45 ulps (`f64::EPSILON` = 2.2e-16): a
/// shorter step would hardly advance `t`.
pub const REPLICATOR_STEP_FLOOR: f64 = 1e-14;

/// Replicator end points: a share at most this counts as an extinct action when the rest
/// point is located and linearised. The integration stops when no share moves faster than
/// [`REPLICATOR_REST`]; an action dying out at a nonzero rate then has a share of about
/// that size, far below this.
pub const REPLICATOR_EXTINCT: f64 = 1e-6;

/// Replicator end points: the rest point solved from the indifference conditions may lie
/// at most this far (each share) from the numerical end point or the time average of a
/// closed orbit (that average is accurate to about 1e-4 on a period found within
/// [`REPLICATOR_RETURN_RADIUS`]).
pub const REPLICATOR_SNAP: f64 = 1e-3;

/// Replicator end points: a run stopped by a cap circles a rest point when its time
/// average over the run lies within this of one (each share). The time average of an
/// orbit around a centre tends to it as `1/t`; the default runs reach times in the
/// thousands, with periods of about 10, so their averages are within about 1e-3.
pub const REPLICATOR_AVERAGE_SNAP: f64 = 1e-2;

/// Replicator end points: the indifference conditions (payoffs divided by the payoff
/// scale, and the sum of the shares) hold within this at a located rest point.
pub const REPLICATOR_REST_RESIDUAL: f64 = 1e-9;

/// Replicator end points: singular values below this count as zero in the least-squares
/// solve of the indifference conditions (entries are of order 1).
pub const REPLICATOR_SVD_EPS: f64 = 1e-12;

/// Replicator stability: an eigenvalue's real (or imaginary) part at most this times the
/// payoff scale counts as zero. The Jacobian at a located rest point is accurate to
/// rounding (about 1e-15 of the scale), and a payoff gap smaller than this is a tie for
/// the game's tolerance too.
pub const REPLICATOR_EIGEN_ZERO: f64 = 1e-8;

/// Replicator stability: on a face of more than this many dimensions (both supports'
/// sizes minus 2) the rest point is neither located nor linearised (the least-squares
/// solve and the dense Schur form cost the cube of it); the end point is then reported
/// as it was reached, without a stability.
pub const REPLICATOR_STABILITY_MAX_DIM: usize = 500;

/// Replicator: the default step cap times the game's cells (times the number of starts,
/// from several starts) stays within this. Each step makes about fourteen passes over the
/// payoff matrices, and this much work takes a few seconds on one core: one run of a game
/// up to 63×63 gets the full 100 000 steps, of a 200×200 game 10 000, of a 2000×2000 game
/// 100; the 17 runs of a 20×20 game 58 823 steps each. `--iterations` overrides it.
pub const REPLICATOR_WORK: usize = 400_000_000;

/// Replicator dynamics runs from the uniform start and this many seeded interior starts
/// (drawn by action name), so that the share of starts reaching each end point is seen.
pub const REPLICATOR_SEEDED_STARTS: usize = 16;

/// Replicator: seeded starts times the game's cells stay within this (each integration
/// step costs a few passes over the payoff matrices): every game up to 20×20 gets all
/// [`REPLICATOR_SEEDED_STARTS`], a 40×40 game 4, a game of more than this many cells the
/// uniform start only.
pub const REPLICATOR_START_BUDGET: usize = 6400;

/// Replicator: two ends of the same kind within this of each other in every share are one
/// end point (located rest points agree to rounding; ends that could not be located, such
/// as a slow approach to a non-strict equilibrium, to about this).
pub const REPLICATOR_SAME_END: f64 = 1e-4;

/// Replicator: renormalisations of the shares larger than this are counted in the report;
/// smaller ones are ordinary rounding.
pub const SIMPLEX_CORRECTION_COUNT: f64 = 1e-12;

/// Logit path: the first step length (arclength in `(ln x, ln y, λ)`).
pub const LOGIT_STEP_INIT: f64 = 0.03;

/// Logit path: the step floor; a path that needs steps shorter than this can no longer be
/// followed (its coordinates are of order 1 and more).
pub const LOGIT_STEP_MIN: f64 = 1e-12;

/// Logit path: a step that has shrunk below this is stuck (Newton failing next to a
/// bifurcation point), and the longer steps [`LOGIT_JUMPS`] are tried.
pub const LOGIT_STEP_STUCK: f64 = 1e-7;

/// Logit path: the step lengths tried, in turn, to land beyond a bifurcation point.
pub const LOGIT_JUMPS: [f64; 3] = [1e-3, 1e-2, 1e-1];

/// Logit path: the corrector accepts a residual up to this times `1 + λ · payoff scale`;
/// near a bifurcation Newton stops contracting at about this size.
pub const LOGIT_RESIDUAL: f64 = 1e-9;

/// Logit path: each Newton correction must be at most this fraction of the previous one.
pub const LOGIT_CONTRACTION: f64 = 0.5;

/// Logit path: the first Newton correction must be at most this fraction of the step
/// (otherwise the prediction was too bold).
pub const LOGIT_FIRST_CORRECTION: f64 = 0.5;

/// Logit path: floor of the step in [`LOGIT_FIRST_CORRECTION`], so that very short steps
/// still allow a correction of rounding size.
pub const LOGIT_FIRST_CORRECTION_FLOOR: f64 = 1e-8;

/// Logit path: a Newton correction at most this is small, and a residual within
/// [`LOGIT_RESIDUAL`] after it is accepted as the noise floor.
pub const LOGIT_SMALL_CORRECTION: f64 = 1e-8;

/// Logit path: Newton has converged when its correction is at most this times
/// `1 + |z|∞`.
pub const LOGIT_NEWTON_DONE: f64 = 1e-11;

/// Logit path: an orientation change with a step longer than this times `1 + |z|∞` may be
/// a jump across a fold and is retried shorter; at shorter steps it is a bifurcation.
pub const LOGIT_FLIP_STEP: f64 = 1e-4;

/// Logit path: successive unit tangents must have a dot product of at least this (the
/// path turns only a little per step).
pub const LOGIT_TURN_MIN: f64 = 0.95;

/// Logit path: the looser [`LOGIT_TURN_MIN`] for the long steps past a bifurcation.
pub const LOGIT_TURN_MIN_JUMP: f64 = 0.8;

/// Logit path: the corrected point may be at most this many step lengths from the last
/// point on the path.
pub const LOGIT_CORRECTOR_REACH: f64 = 2.0;

/// Logit path: the step grows to at most this plus `|z|∞`.
pub const LOGIT_STEP_MAX: f64 = 10.0;

/// Logit path: singular values below this are treated as zero in the least-squares
/// solve of the indifference conditions.
pub const LOGIT_SVD_EPS: f64 = 1e-12;

/// Logit end point: candidate supports take the actions within these multiples of the
/// end point's regret of the best payoff (besides those within the game's tolerance).
pub const LOGIT_SUPPORT_SLACKS: [f64; 2] = [10.0, 100.0];

/// Logit end point: candidate supports take the actions played with probability above
/// each of these.
pub const LOGIT_SUPPORT_PROBS: [f64; 2] = [1e-3, 1e-6];

/// Logit end point: the end point itself is tried with probabilities below each of these
/// set to zero.
pub const LOGIT_SNAP_PROBS: [f64; 2] = [1e-6, 1e-4];

/// Logit end point: of two candidate equilibria, the later one is nearer the end point
/// only by more than this (exact solutions, found first, win ties).
pub const LOGIT_NEAREST_TIE: f64 = 1e-9;

// --- Geometry, bargaining, tournaments ----------------------------------------------------

/// Convex-combination weights at most this are dropped. Below 1e-12 because the weights
/// sum to 1, so this is a few ulps of 1 (`f64::EPSILON` = 2.2e-16): only rounding residue
/// goes, never a real weight.
pub const CONVEX_WEIGHT_DROP: f64 = 1e-15;

/// A bargaining frontier point's corner weights at most this are left out of the profiles
/// that reach it.
pub const FRONTIER_WEIGHT_DROP: f64 = 1e-12;

/// How far a typed payoff pair given as a mixed stage equilibrium's
/// (`--disagreement mixed:X,Y`) may lie from the payoffs of an equilibrium, relative to
/// the game's largest payoff: typed payoffs are rounded (2/3 as 0.667), so about three
/// significant digits are accepted, far finer than the gaps between distinct equilibria
/// of the games this is for.
pub const TYPED_EQUILIBRIUM_PAYOFF: f64 = 1e-3;

/// Tournament evolution has converged when no population share moves by more than this
/// in one generation.
pub const EVOLUTION_REST: f64 = 1e-12;

// --- The analysis layer and the repeated-game verdicts -------------------------------------

/// An overlay discount factor must lie this far below the scenario's δ to be drawn as a
/// separate SPE set (closer, it would coincide with the scenario's own set).
pub const OVERLAY_SEPARATION: f64 = 1e-9;

/// The truce "holds by the harshest punishment" at δ when the bisected critical δ is at
/// most δ plus this: the width of the harshest-punishment bisection ([`HARSHEST_BISECT`]).
pub const HOLDS_AT_DELTA_SLACK: f64 = 1e-6;

/// The truce payoff lies in the SPE payoff set when it is within this fraction of the
/// set's span of it (the set's corners are accurate to about [`AS_CONVERGENCE`] / (1 − δ)).
pub const SPE_SET_MEMBERSHIP: f64 = 1e-7;

/// Width of the bisection for the critical δ of k-round punishments. Below 1e-12 because
/// it is a width in δ ∈ [0, 1), where f64 resolves about 1e-16: the bisection stops only
/// when it has pinned δ* to a dozen digits, well above the rounding of δ itself.
pub const K_ROUND_BISECT: f64 = 1e-13;

/// Largest difference allowed between a critical δ computed in floating point and the
/// same formula in exact fractions before the fraction is printed: both evaluate one
/// expression, so they agree to rounding (about 1e-15); a larger gap means the exact
/// inputs were not the ones the float used, and the fraction is withheld.
pub const EXACT_DELTA_AGREEMENT: f64 = 1e-12;

/// Largest denominator of the simple fractions tried as the exact probabilities of a
/// mixed stage equilibrium found in floating point (each guess is verified exactly).
pub const EXACT_GUESS_DENOMINATOR: u64 = 100_000;

/// Farthest a guessed fraction may lie from the float probability it stands for.
pub const EXACT_GUESS_DISTANCE: f64 = 1e-9;

/// Width of the final bracket of the harshest-punishment bisection over δ.
pub const HARSHEST_BISECT: f64 = 1e-6;

/// Convergence tolerance of each Abreu–Sannikov solve inside the harshest-punishment
/// search (tighter than the default [`AS_CONVERGENCE`]'s use elsewhere is not needed:
/// the bisection only asks whether a profile is in the set).
pub const HARSHEST_AS_CONVERGENCE: f64 = 1e-11;

/// Smallest payoff scale the phase portrait's integration time is divided by (a constant
/// game has scale zero and no flow at all; the time is then merely long).
pub const PHASE_MIN_SCALE: f64 = 1e-12;

/// Corners of a clipped polygon closer than this (payoff units, each coordinate) are one
/// corner; a lone corner within this of a half-plane is in it. Payoffs are at most 1e12
/// (the loader's bound), so this guards the rounding of exact crossings only.
pub const SAME_CORNER: f64 = 1e-12;

/// The probabilities of a custom automaton state's mixed play, as read from a file, sum
/// to 1 within this.
pub const FILE_PLAY_SUM: f64 = 1e-9;

// --- Imperfect public monitoring ----------------------------------------------------------

/// The signal probabilities of one profile must sum to 1 within this: they are read from
/// a file, where a sum of decimal fractions is off by rounding only (the value of [`EPS`]).
pub const SIGNAL_SUM: f64 = 1e-9;

/// Coupling two transition distributions through one public uniform draw, a state's
/// remaining mass at most this is rounding of the subtractions and the draw moves on to
/// the next state; it may lose at most this much probability per state, far below every
/// comparison of values.
pub const COUPLING_ROUNDING: f64 = 1e-12;

/// The solution of a Markov-chain linear system (expected time to punishment, stationary
/// distribution) is accepted when its residual is below this; a larger residual means the
/// system was (nearly) singular, i.e. the quantity is infinite or not unique.
pub const CHAIN_RESIDUAL: f64 = 1e-9;

/// Width in δ to which each end of an interval of discount factors at which a pair of
/// public automata is a PPE is bisected (`monitoring::thresholds`). It is a width in
/// δ ∈ [0, 1), where f64 resolves about 1e-16, and the margin it locates has a slope of
/// order 1 in δ, so a dozen digits are meaningful; the closed forms are met to 1e-9.
pub const DISCOUNT_BISECT: f64 = 1e-12;

/// The scan of discount factors for a pair of public automata stops at δ = 1 − this.
/// Deviation gains in normalised payoffs mostly shrink like 1 − δ; much closer to 1 they
/// are of the size of the check's tolerance ([`EPS`] × [`REGRET_FACTOR`] × scale) and the
/// check accepts by tolerance alone.
pub const DISCOUNT_SCAN_TOP: f64 = 1e-6;

/// The perfect public equilibrium payoff set (and every set iteration of
/// `repeated::self_generation`) stops when no level of the outer bound, and no corner of
/// the inner bound, moves by more than this times the payoff range (largest payoff of
/// either player minus the smallest) in one iteration. The operator contracts by δ per
/// iteration, so the distance left to the limit is up to `this / (1 − δ)`: 1e-8 of the
/// range at δ = 0.9, far below the 1e-6 agreement the tests ask with Abreu–Sannikov.
pub const SELF_GENERATION_CONVERGENCE: f64 = 1e-9;

/// The outer bound's corners are computed from its levels raised by this times the payoff
/// range: when the bound shrinks to a point or a segment, rounding would otherwise make
/// the half-planes miss each other, and a slightly larger outer bound is still an outer
/// bound.
pub const SELF_GENERATION_OUTER_SLACK: f64 = 1e-12;

/// An incentive constraint whose continuation terms all vanish holds when the one-shot
/// gain is at most this times the payoff range: rounding only (stage-game ties give 0).
pub const SELF_GENERATION_INCENTIVE: f64 = 1e-12;

/// Corners of an inner-bound iterate within this times the payoff range of the line
/// through their neighbours are dropped. Dropping a corner shrinks a self-generating set
/// by at most this, which the verification's tolerance covers many times over.
pub const SELF_GENERATION_PRUNE: f64 = 1e-12;

/// A corner of an inner bound is verified when an independent LP finds continuations in
/// the set that generate it with every residual (promise-keeping, incentive, membership)
/// at most this times the payoff range: the iterations work to [`DENSE_FEASIBILITY`] on
/// rows of size one, so this leaves a margin of 100 and stays below the 1e-6 agreement
/// of the references.
pub const SELF_GENERATION_VERIFY: f64 = 1e-8;

// --- Reports --------------------------------------------------------------------------------

/// A probability above this is printed (or drawn) as part of a support; below, it is
/// rounding.
pub const REPORT_SUPPORT: f64 = 1e-9;

/// The Kalai–Smorodinsky point is reported as distinct from the Nash bargaining point
/// when they differ by more than this (sum of the coordinate differences).
pub const REPORT_SAME_POINT: f64 = 1e-9;

/// Dynamics reports list only the actions whose share is at least this (shares are
/// printed with three decimals, so smaller ones show as 0.000).
pub const REPORT_SHOWN_SHARE: f64 = 5e-4;

/// Dynamics reports print a regret in scientific notation from this size on (and zero as
/// zero); smaller ones are rounding of a verified equilibrium.
pub const REPORT_REGRET_SHOWN: f64 = 1e-6;

// --- Charts ---------------------------------------------------------------------------------

/// Chart data: a probability or share may stray this far outside [0, 1] by rounding.
pub const CHART_PROB_SLACK: f64 = 1e-9;

/// Chart data: population shares sum to 1 within this.
pub const CHART_SHARE_SUM: f64 = 1e-6;

/// Charts: an axis range narrower than this is treated as a single value and padded.
pub const CHART_FLAT_RANGE: f64 = 1e-12;

/// Charts: a direction-field velocity at most this is drawn as a rest point.
pub const CHART_REST_SPEED: f64 = 1e-12;

/// Charts: two values (or points) within this, relative to their size (at least 1), are
/// drawn as one.
pub const CHART_SAME_VALUE: f64 = 1e-9;

/// Charts: the smallest axis span used for scaling (avoids dividing by zero).
pub const CHART_MIN_SPAN: f64 = 1e-9;

/// Charts: an axis span below this is given unit padding instead of a tenth of itself.
pub const CHART_TINY_SPAN: f64 = 1e-6;

/// Charts: a tick value within this of an integer is labelled as that integer.
pub const CHART_INTEGER_TICK: f64 = 1e-6;

// --- Linear programs -----------------------------------------------------------------------

/// A solver's answer satisfies a constraint of the LP layer when it violates it by at
/// most this fraction of the row's size (its largest coefficient times the largest
/// variable, or its right-hand side). The simplex works to about 1e-9 on rows scaled to
/// one; what each caller uses is verified again at the game's tolerance.
pub const LP_FEASIBILITY: f64 = 1e-7;

/// The welfare-maximising correlated equilibrium is unique when a generic linear function
/// varies by at most this over the optimal face (probabilities; the face's LPs are
/// solved to about [`LP_FEASIBILITY`]).
pub const CE_FACE_WIDTH: f64 = 1e-6;

/// An LP answer is optimal when row multipliers prove, by weak duality, that no feasible
/// point beats it by more than this, in units of the objective's largest term (scaled
/// program; `src/lp/certificate.rs`). The simplex's answers measure gaps below 1e-12 on
/// ordinary games (`docs/numerics.md`); what callers use is checked again at the game's
/// tolerance.
pub const LP_OPTIMALITY: f64 = 1e-7;

/// The exact simplex accepts a program that misses exact feasibility by at most this
/// fraction of a row's size (its largest coefficient times its variable's bound, or its
/// right-hand side) and solves it with that row moved so far: the float path's own
/// tolerance, [`LP_FEASIBILITY`], less a margin for rounding the exact answer to `f64`
/// (a float answer feasible within that tolerance can be better than the exact optimum
/// by as much, and a program built from it, like the correlated optimal face, then asks
/// for a little more than is exactly possible).
pub const LP_EXACT_SHIFT: f64 = 0.99 * LP_FEASIBILITY;

/// The LP certificate counts a row of the scaled program as active, and a variable as at
/// its bound, within this (the simplex works to about 1e-9 on rows of size one).
pub const LP_ACTIVE: f64 = 1e-9;

/// The LP certificate's least-squares solve treats singular values below this fraction of
/// the largest as zero (double precision leaves about 1e-16 of noise).
pub const LP_SVD_RANK: f64 = 1e-12;

/// Passes of the LP certificate's least squares (after the first, each drops the
/// multipliers of the wrong sign and adds the variables pushed out of their bounds). On the
/// corpus of `benches/lp/`, two certify 74% of the ordinary games' programs, six 78%,
/// but the dual program that certifies the rest is cheaper than the further passes.
pub const LP_CERTIFICATE_PASSES: usize = 2;

// --- The dense simplex of the set iterations (`lp::weights`) ---------------------------------

/// A tableau entry above this (rows scaled to a largest coefficient of one) is a usable
/// pivot; ratios within this (relative) of the least are tied.
pub const DENSE_PIVOT: f64 = 1e-9;

/// A reduced cost at most this times the largest cost counts as zero: the basis is optimal.
/// The bound the iterations use does not depend on it (it holds for any multipliers).
pub const DENSE_OPTIMALITY: f64 = 1e-11;

/// Phase 1 declares a program feasible when its artificial variables sum to at most this
/// (rows scaled to one): rounding of a feasible program leaves about 1e-15; a program
/// feasible only within this counts as feasible, which errs on the side of an outer bound.
pub const DENSE_FEASIBILITY: f64 = 1e-11;

/// A constraint row whose coefficients are all below this times the program's largest is
/// a row of zeros (a deviation that moves no continuation): it is dropped or, with a
/// positive right-hand side, makes the program infeasible.
pub const DENSE_COEFFICIENT_ZERO: f64 = 1e-13;

/// After this many degenerate pivots in a row the entering column is chosen by Bland's
/// rule, which cannot cycle.
pub const DENSE_DEGENERATE_RUN: usize = 20;

/// Most pivots for one objective; the programs need a handful, and the bound and the point
/// returned at the limit are still a valid bound and a feasible point.
pub const DENSE_PIVOT_LIMIT: usize = 10_000;
