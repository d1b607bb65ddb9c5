//! The typed values of record files: [`Num`], [`Percent`] and [`Amount`].
//!
//! In a record file a figure is written as a string (`"3113.18"`, `"93.61%"`, `"95.72元"`)
//! or, for whole numbers, as a bare integer. The loader hands decimals written without quotes
//! to these types as their literal text, so `95.50` keeps its two decimals either way. Each
//! type keeps the value exactly as written; [`Num::figure`] and friends give its rounding
//! interval.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::figure::Figure;
use crate::num::{MoneyUnit, parse_decimal, parse_money, parse_percent};

/// A plain exact number as written (a count, a target value, a score).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Num(pub Decimal);

/// A percentage as written, in percent units (`93.61` is 93.61%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Percent(pub Decimal);

/// An amount of money as written, with its unit (万元 unless written otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    /// The number as written.
    pub value: Decimal,
    /// Its unit.
    pub unit: MoneyUnit,
}

impl Num {
    /// Its rounding interval.
    pub fn figure(&self) -> Figure {
        Figure::stated(self.0)
    }
    /// From an integer count.
    pub fn from_u64(n: u64) -> Num {
        Num(Decimal::from(n))
    }
}

impl Percent {
    /// Its rounding interval, in percent. Unlike amounts, a rate of `0.00%` is not taken as
    /// exactly zero: it is a rounded quotient.
    pub fn figure(&self) -> Figure {
        Figure::rounded(self.0)
    }
}

impl Amount {
    /// An amount in 万元.
    pub fn wan(value: Decimal) -> Amount {
        Amount { value, unit: MoneyUnit::WanYuan }
    }

    /// Its rounding interval in its own unit.
    pub fn figure(&self) -> Figure {
        Figure::stated(self.value)
    }

    /// Its rounding interval converted exactly into `unit`.
    pub fn figure_in(&self, unit: MoneyUnit) -> Figure {
        let f = self.figure();
        if unit == self.unit {
            return f;
        }
        let k = self.unit.in_yuan() / unit.in_yuan();
        f.scale_by(k).unwrap_or(f)
    }

    /// `3113.18万元`
    pub fn display(&self) -> String {
        format!("{}{}", self.value, self.unit)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

// ---------------------------------------------------------------- serde

/// What a figure was written as, before parsing.
enum Raw {
    Text(String),
    Int(i128),
    Float(f64),
}

struct RawVisitor(&'static str);

impl Visitor<'_> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        Err(E::custom(format!("{}，实为布尔值 {v}", self.0)))
    }
}

fn raw<'de, D: Deserializer<'de>>(d: D, expecting: &'static str) -> Result<Raw, D::Error> {
    d.deserialize_any(RawVisitor(expecting))
}

fn raw_text(r: Raw) -> String {
    match r {
        Raw::Text(s) => s,
        Raw::Int(i) => i.to_string(),
        // Only reached when a library user feeds f64 directly; the loader never does.
        Raw::Float(f) => format!("{f}"),
    }
}

const NUM_EXPECT: &str = "应为数字(如 \"2200\" 或 \"3113.18\")";
const PCT_EXPECT: &str = "应为百分数(如 \"93.61%\")";
const AMT_EXPECT: &str = "应为金额(如 \"3113.18\",默认万元;或 \"95.72元\")";

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        let text = raw_text(raw(d, NUM_EXPECT)?);
        parse_decimal(&text).map(Num).map_err(|e| de::Error::custom(format!("{NUM_EXPECT}:{e}")))
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Percent, D::Error> {
        let text = raw_text(raw(d, PCT_EXPECT)?);
        parse_percent(&text).map(Percent).map_err(|e| de::Error::custom(format!("{PCT_EXPECT}:{e}")))
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        amount_with_default(d, MoneyUnit::WanYuan)
    }
}

fn amount_with_default<'de, D: Deserializer<'de>>(d: D, unit: MoneyUnit) -> Result<Amount, D::Error> {
    let text = raw_text(raw(d, AMT_EXPECT)?);
    parse_money(&text, unit)
        .map(|(value, unit)| Amount { value, unit })
        .map_err(|e| de::Error::custom(format!("{AMT_EXPECT}:{e}")))
}

/// For fields whose unit is 元 unless written otherwise (e.g. 人均接待费).
pub mod yuan_default {
    use super::*;

    /// Reads an optional amount, bare numbers in 元.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Amount>, D::Error> {
        struct OptionalYuanVisitor;
        impl<'de> Visitor<'de> for OptionalYuanVisitor {
            type Value = Option<Amount>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(AMT_EXPECT)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                amount_with_default(d, MoneyUnit::Yuan).map(Some)
            }
        }
        d.deserialize_option(OptionalYuanVisitor)
    }

    /// Writes the amount with its unit.
    pub fn serialize<S: Serializer>(v: &Option<Amount>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(a) => s.serialize_str(&format!("{}{}", a.value, a.unit)),
            None => s.serialize_none(),
        }
    }
}

// Numbers are written by `num::push_decimal`, the same text as `Decimal`'s `Display`.

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::num::decimal_text(self.0))
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = crate::num::decimal_text(self.0);
        t.push('%');
        s.serialize_str(&t)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = crate::num::decimal_text(self.value);
        if self.unit != MoneyUnit::WanYuan {
            t.push_str(self.unit.name());
        }
        s.serialize_str(&t)
    }
}

impl JsonSchema for Num {
    fn schema_name() -> Cow<'static, str> {
        "Num".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact number as written: a string such as \"3113.18\" (decimals kept), or an integer.",
            "anyOf": [
                { "type": "string", "pattern": "^\\s*[-+－＋]?[0-9０-９,， ]+([.．][0-9０-９ ]+)?\\s*$" },
                { "type": "integer" }
            ]
        })
    }
}

impl JsonSchema for Percent {
    fn schema_name() -> Cow<'static, str> {
        "Percent".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A percentage as written, e.g. \"93.61%\"; a bare number is read as percent.",
            "anyOf": [
                { "type": "string", "pattern": "^\\s*[-+－＋]?[0-9０-９,， ]+([.．][0-9０-９ ]+)?\\s*[%％]?\\s*$" },
                { "type": "integer" }
            ]
        })
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An amount of money as written: \"3113.18\" (万元), or with its unit: \"95.72元\", \"1.2亿元\".",
            "anyOf": [
                { "type": "string", "pattern": "^\\s*[-+－＋]?[0-9０-９,， ]+([.．][0-9０-９ ]+)?\\s*(元|万元|亿元)?\\s*$" },
                { "type": "integer" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_json_exactly() {
        let a: Amount = serde_json::from_str("\"95.50\"").unwrap();
        assert_eq!(a.value.scale(), 2);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"95.50\"");
        let y: Amount = serde_json::from_str("\"95.72元\"").unwrap();
        assert_eq!(serde_json::to_string(&y).unwrap(), "\"95.72元\"");
        let p: Percent = serde_json::from_str("\"93.61%\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"93.61%\"");
        let n: Num = serde_json::from_str("2200").unwrap();
        assert_eq!(n.0, Decimal::from(2200));
    }

    #[test]
    fn refuses_text_with_a_chinese_message() {
        let e = serde_json::from_str::<Num>("\"八十\"").unwrap_err().to_string();
        assert!(e.contains("应为数字"), "{e}");
        let e = serde_json::from_str::<Amount>("true").unwrap_err().to_string();
        assert!(e.contains("布尔值"), "{e}");
    }

    #[test]
    fn amount_converts_units_exactly() {
        let a = Amount { value: Decimal::new(275, 2), unit: MoneyUnit::WanYuan };
        let f = a.figure_in(MoneyUnit::Yuan);
        assert_eq!(f.face, Decimal::from(27500));
        assert_eq!(f.lo, Decimal::from(27450));
    }
}
