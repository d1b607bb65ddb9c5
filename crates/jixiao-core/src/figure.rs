//! Figures with their rounding intervals, and rounding-aware comparison.
//!
//! A stated figure with *k* decimals stands for every value that rounds to it:
//! `2.75` stands for [2.745, 2.755]. A [`Figure`] carries the face value (what was written, or
//! what exact arithmetic on the written values gives) and the interval of values it may stand
//! for. Arithmetic on figures is interval arithmetic, so a computed total knows how far the
//! rounding of its inputs can move it.
//!
//! A relation between a stated figure and a computed one is broken only when the two
//! intervals do not meet: no choice of true values inside the inputs' intervals satisfies it.
//! Intervals are treated as closed, which errs on the side of no false alarm at the exact
//! boundary.
//!
//! Counts of people and items and explicit zeros are exact ([`Figure::exact`]).

use rust_decimal::Decimal;

use crate::num::format_fixed;

/// A value and the interval of true values it may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// The value as written, or computed exactly from values as written.
    pub face: Decimal,
    /// Smallest true value.
    pub lo: Decimal,
    /// Largest true value.
    pub hi: Decimal,
}

/// A computation that has no meaning here, such as a rate over a zero budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotApplicable {
    /// The denominator is (or may be) zero.
    #[error("分母为零,不适用")]
    ZeroDenominator,
    /// The result does not fit an exact decimal.
    #[error("数值超出可计算范围")]
    Overflow,
}

/// The result of a derived-figure function.
pub type Derived = Result<Figure, NotApplicable>;

/// A tiny outward widening applied after division, which rounds at the 28th digit.
const DIVISION_SLACK: Decimal = Decimal::from_parts(1, 0, 0, false, 20);

impl Figure {
    /// An exact value: a count, or an explicit zero.
    pub fn exact(value: Decimal) -> Figure {
        Figure { face: value, lo: value, hi: value }
    }

    /// A value as stated with its written scale: ± half a unit in the last place.
    /// An explicit zero is exact.
    pub fn stated(value: Decimal) -> Figure {
        if value.is_zero() {
            return Figure::exact(value);
        }
        let half = half_unit(value.scale());
        Figure { face: value, lo: value - half, hi: value + half }
    }

    /// A rounded result (a rate, a share): ± half a unit in the last place, zero included —
    /// a rate printed `0.00%` may be any value below 0.005%.
    pub fn rounded(value: Decimal) -> Figure {
        let half = half_unit(value.scale());
        Figure { face: value, lo: value - half, hi: value + half }
    }

    /// A value from an integer count.
    pub fn count(n: u64) -> Figure {
        Figure::exact(Decimal::from(n))
    }

    /// The largest distance from the face value to an end of the interval.
    pub fn half_width(&self) -> Decimal {
        (self.face - self.lo).max(self.hi - self.face)
    }

    /// Whether the value may be zero.
    pub fn may_be_zero(&self) -> bool {
        self.lo <= Decimal::ZERO && self.hi >= Decimal::ZERO
    }

    /// Sum.
    pub fn plus(self, other: Figure) -> Derived {
        Ok(Figure {
            face: checked(self.face.checked_add(other.face))?,
            lo: checked(self.lo.checked_add(other.lo))?,
            hi: checked(self.hi.checked_add(other.hi))?,
        })
    }

    /// Difference.
    pub fn minus(self, other: Figure) -> Derived {
        Ok(Figure {
            face: checked(self.face.checked_sub(other.face))?,
            lo: checked(self.lo.checked_sub(other.hi))?,
            hi: checked(self.hi.checked_sub(other.lo))?,
        })
    }

    /// Product.
    pub fn times(self, other: Figure) -> Derived {
        let face = checked(self.face.checked_mul(other.face))?;
        self.corner_hull(other, face, Decimal::checked_mul)
    }

    /// Quotient; not applicable when the divisor may be zero.
    pub fn over(self, other: Figure) -> Derived {
        if other.face.is_zero() || other.may_be_zero() {
            return Err(NotApplicable::ZeroDenominator);
        }
        let face = checked(self.face.checked_div(other.face))?;
        let mut f = if self.lo >= Decimal::ZERO && other.lo > Decimal::ZERO {
            // Both figures non-negative, the divisor above zero (rates, shares, per-visit
            // figures): the quotient grows with the dividend and falls with the divisor, and
            // rounding a quotient keeps that order, so the least corner is lo ÷ hi and the
            // greatest hi ÷ lo; the other two lie between them.
            hull(face, &[checked(self.lo.checked_div(other.hi))?, checked(self.hi.checked_div(other.lo))?])
        } else {
            self.corner_hull(other, face, Decimal::checked_div)?
        };
        f.lo -= DIVISION_SLACK;
        f.hi += DIVISION_SLACK;
        Ok(f)
    }

    /// The hull of `face` and `op` of the four corners (lo or hi of each figure).
    fn corner_hull(self, other: Figure, face: Decimal, op: fn(Decimal, Decimal) -> Option<Decimal>) -> Derived {
        let corners = [
            checked(op(self.lo, other.lo))?,
            checked(op(self.lo, other.hi))?,
            checked(op(self.hi, other.lo))?,
            checked(op(self.hi, other.hi))?,
        ];
        Ok(hull(face, &corners))
    }

    /// Multiplies by an exact constant (e.g. 100 for percent, 10 000 for 万元 → 元).
    pub fn scale_by(self, k: Decimal) -> Derived {
        self.times(Figure::exact(k))
    }

    /// Negation.
    pub fn negated(self) -> Figure {
        Figure { face: -self.face, lo: -self.hi, hi: -self.lo }
    }

    /// Absolute value.
    pub fn abs(self) -> Figure {
        if self.lo >= Decimal::ZERO {
            self
        } else if self.hi <= Decimal::ZERO {
            self.negated()
        } else {
            Figure { face: self.face.abs(), lo: Decimal::ZERO, hi: self.hi.max(-self.lo) }
        }
    }

    /// Sum of many figures; an empty sum is an exact zero.
    pub fn sum<I: IntoIterator<Item = Figure>>(items: I) -> Derived {
        items.into_iter().try_fold(Figure::exact(Decimal::ZERO), Figure::plus)
    }

    /// Whether some true value of `self` equals some true value of `other`.
    pub fn overlaps(&self, other: &Figure) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// Whether some true value of `self` is ≤ some true value of `other`.
    pub fn may_be_le(&self, other: &Figure) -> bool {
        self.lo <= other.hi
    }

    /// Whether some true value of `self` is ≥ some true value of `other`.
    pub fn may_be_ge(&self, other: &Figure) -> bool {
        self.hi >= other.lo
    }
}

fn checked(v: Option<Decimal>) -> Result<Decimal, NotApplicable> {
    v.ok_or(NotApplicable::Overflow)
}

fn hull(face: Decimal, corners: &[Decimal]) -> Figure {
    let lo = corners.iter().copied().fold(face, Decimal::min);
    let hi = corners.iter().copied().fold(face, Decimal::max);
    Figure { face, lo, hi }
}

/// Half a unit in the `scale`-th decimal place: 0.5 × 10⁻ˢᶜᵃˡᵉ.
pub fn half_unit(scale: u32) -> Decimal {
    Decimal::new(5, scale.saturating_add(1).min(28))
}

/// How a stated figure compares with a computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// Whether some values inside both intervals agree.
    pub consistent: bool,
    /// Difference between the face values (stated − computed).
    pub gap: Decimal,
    /// How far apart the face values may be from rounding alone.
    pub tolerance: Decimal,
}

/// Compares a stated figure with a computed one, rounding-aware.
pub fn compare(stated: &Figure, computed: &Figure) -> Comparison {
    Comparison {
        consistent: stated.overlaps(computed),
        gap: stated.face - computed.face,
        tolerance: stated.half_width() + computed.half_width(),
    }
}

impl Comparison {
    /// `相差 1.28,舍入容差 ±0.04` with `dp` decimals for the gap.
    pub fn describe(&self, dp: u32) -> String {
        format!("相差 {},舍入容差 ±{}", format_fixed(self.gap.abs(), dp), format_tolerance(self.tolerance, dp))
    }

    /// The same for rates: `相差 0.36 个百分点,舍入容差 ±0.01 个百分点`.
    pub fn describe_points(&self, dp: u32) -> String {
        format!(
            "相差 {} 个百分点,舍入容差 ±{} 个百分点",
            format_fixed(self.gap.abs(), dp),
            format_tolerance(self.tolerance, dp)
        )
    }
}

/// A tolerance for display: at most one decimal more than `dp`, rounded *up* so that the
/// printed tolerance never understates what rounding allows.
pub fn format_tolerance(tolerance: Decimal, dp: u32) -> String {
    let places = significant_dp(tolerance).clamp(dp, dp + 1);
    let mut t = tolerance.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::AwayFromZero);
    t.rescale(places);
    t.to_string()
}

/// The fewest decimals that show `value` without rounding it to zero (at most 6).
pub fn significant_dp(value: Decimal) -> u32 {
    let v = value.normalize();
    v.scale().min(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Figure::over`] by all four corners for every sign, as it was computed before its fast
    /// path for non-negative figures.
    fn over_by_corners(a: Figure, b: Figure) -> Derived {
        if b.face.is_zero() || b.may_be_zero() {
            return Err(NotApplicable::ZeroDenominator);
        }
        let mut f = a.corner_hull(b, checked(a.face.checked_div(b.face))?, Decimal::checked_div)?;
        f.lo -= DIVISION_SLACK;
        f.hi += DIVISION_SLACK;
        Ok(f)
    }

    proptest::proptest! {
        /// The quotient of non-negative figures by its two outer corners equals the quotient by
        /// all four, stated figures of any precision and exact ones alike.
        #[test]
        fn a_quotient_of_non_negative_figures_needs_only_its_outer_corners(
            a in 0i64..100_000_000_000, ascale in 0u32..6, b in 0i64..100_000_000_000, bscale in 0u32..6,
            exact_a: bool, exact_b: bool, neg: bool,
        ) {
            let fig = |m: i64, sc: u32, exact: bool| {
                let v = Decimal::new(m, sc);
                if exact { Figure::exact(v) } else { Figure::stated(v) }
            };
            let x = fig(a, ascale, exact_a);
            let x = if neg { x.negated() } else { x };
            let y = fig(b, bscale, exact_b);
            proptest::prop_assert_eq!(x.over(y), over_by_corners(x, y));
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }
    fn st(s: &str) -> Figure {
        Figure::stated(d(s))
    }

    #[test]
    fn stated_interval_is_half_unit_of_last_place() {
        let f = st("2.75");
        assert_eq!((f.lo, f.hi), (d("2.745"), d("2.755")));
        let f = st("86");
        assert_eq!((f.lo, f.hi), (d("85.5"), d("86.5")));
        assert_eq!(st("0").half_width(), Decimal::ZERO);
        assert_eq!(st("0.00").half_width(), Decimal::ZERO);
    }

    #[test]
    fn three_public_expenses_sum_is_within_rounding() {
        // 0 + 5.35 + 2.75 = 8.10 against a stated 8.09: consistent.
        let sum = Figure::sum([st("0"), st("5.35"), st("2.75")]).unwrap();
        assert_eq!(sum.face, d("8.10"));
        let c = compare(&st("8.09"), &sum);
        assert!(c.consistent);
        assert_eq!(c.tolerance, d("0.015"));
    }

    #[test]
    fn seed_actual_column_is_not_within_rounding() {
        let rows = ["0.20", "15.88", "2827.71", "34.25", "139.11", "96.78", "0.53"];
        let sum = Figure::sum(rows.iter().map(|r| st(r))).unwrap();
        assert_eq!(sum.face, d("3114.46"));
        let c = compare(&st("3113.18"), &sum);
        assert!(!c.consistent);
        assert_eq!(c.gap, d("-1.28"));
        assert_eq!(c.describe(2), "相差 1.28,舍入容差 ±0.04");
        assert_eq!(format_tolerance(d("0.521878"), 2), "0.522");
        assert_eq!(format_tolerance(d("0.015"), 2), "0.015");
        assert_eq!(format_tolerance(d("0.5"), 0), "0.5");
    }

    #[test]
    fn division_by_a_possible_zero_is_not_applicable() {
        assert_eq!(st("1").over(st("0")), Err(NotApplicable::ZeroDenominator));
        assert_eq!(st("1").over(Figure::exact(Decimal::ZERO)), Err(NotApplicable::ZeroDenominator));
    }

    #[test]
    fn per_visit_reception_cost_is_within_rounding() {
        // 2.75 万元 / 287 人次 = 95.82 元, stated 95.72 元: the interval [95.64, 95.99] holds it.
        let per = st("2.75").scale_by(d("10000")).unwrap().over(Figure::count(287)).unwrap();
        assert!(per.overlaps(&st("95.72")));
    }

    #[test]
    fn sub_and_neg_widen_correctly() {
        let f = st("1.0").minus(st("0.5")).unwrap();
        assert_eq!((f.lo, f.hi), (d("0.40"), d("0.60")));
        let a = st("-1.0").abs();
        assert_eq!((a.lo, a.hi), (d("0.95"), d("1.05")));
    }
}
