//! 支出功能分类 类级科目 (functional classes of expenditure, class level).
//!
//! The codes and names a budget table's rows may use. Names follow the 2024 科目; older names
//! that still appear in reports are accepted as aliases. See `framework.md` §4 for the
//! confidence of each code.

/// One class: its code, current name and older names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionClass {
    /// Three-digit code, e.g. `208`.
    pub code: &'static str,
    /// Current name.
    pub name: &'static str,
    /// Older or short names seen in reports.
    pub aliases: &'static [&'static str],
}

/// All class-level codes of the 2024 支出功能分类.
pub const FUNCTION_CLASSES: &[FunctionClass] = &[
    FunctionClass { code: "201", name: "一般公共服务支出", aliases: &[] },
    FunctionClass { code: "202", name: "外交支出", aliases: &[] },
    FunctionClass { code: "203", name: "国防支出", aliases: &[] },
    FunctionClass { code: "204", name: "公共安全支出", aliases: &[] },
    FunctionClass { code: "205", name: "教育支出", aliases: &[] },
    FunctionClass { code: "206", name: "科学技术支出", aliases: &[] },
    FunctionClass { code: "207", name: "文化旅游体育与传媒支出", aliases: &["文化体育与传媒支出"] },
    FunctionClass { code: "208", name: "社会保障和就业支出", aliases: &[] },
    FunctionClass { code: "209", name: "社会保险基金支出", aliases: &[] },
    FunctionClass { code: "210", name: "卫生健康支出", aliases: &["医疗卫生与计划生育支出"] },
    FunctionClass { code: "211", name: "节能环保支出", aliases: &[] },
    FunctionClass { code: "212", name: "城乡社区支出", aliases: &[] },
    FunctionClass { code: "213", name: "农林水支出", aliases: &[] },
    FunctionClass { code: "214", name: "交通运输支出", aliases: &[] },
    FunctionClass { code: "215", name: "资源勘探工业信息等支出", aliases: &["资源勘探信息等支出"] },
    FunctionClass { code: "216", name: "商业服务业等支出", aliases: &[] },
    FunctionClass { code: "217", name: "金融支出", aliases: &[] },
    FunctionClass { code: "219", name: "援助其他地区支出", aliases: &[] },
    FunctionClass { code: "220", name: "自然资源海洋气象等支出", aliases: &["国土海洋气象等支出"] },
    FunctionClass { code: "221", name: "住房保障支出", aliases: &[] },
    FunctionClass { code: "222", name: "粮油物资储备支出", aliases: &[] },
    FunctionClass { code: "223", name: "国有资本经营预算支出", aliases: &[] },
    FunctionClass { code: "224", name: "灾害防治及应急管理支出", aliases: &[] },
    FunctionClass { code: "227", name: "预备费", aliases: &[] },
    FunctionClass { code: "229", name: "其他支出", aliases: &["其他"] },
    FunctionClass { code: "230", name: "转移性支出", aliases: &[] },
    FunctionClass { code: "231", name: "债务还本支出", aliases: &[] },
    FunctionClass { code: "232", name: "债务付息支出", aliases: &[] },
    FunctionClass { code: "233", name: "债务发行费用支出", aliases: &[] },
    FunctionClass { code: "234", name: "抗疫特别国债安排的支出", aliases: &[] },
];

/// The class with this code.
pub fn by_code(code: &str) -> Option<&'static FunctionClass> {
    FUNCTION_CLASSES.iter().find(|c| c.code == code.trim())
}

/// The class with this name or alias (ignoring a leading `一、` style ordinal and blanks).
pub fn by_name(name: &str) -> Option<&'static FunctionClass> {
    let n = strip_ordinal(name);
    FUNCTION_CLASSES.iter().find(|c| c.name == n || c.aliases.contains(&n.as_str()))
}

/// Removes blanks and a leading Chinese ordinal such as `十九、`.
pub fn strip_ordinal(name: &str) -> String {
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((head, rest)) = compact.split_once('、')
        && !head.is_empty()
        && head.chars().all(|c| "一二三四五六七八九十百零".contains(c))
    {
        return rest.to_string();
    }
    compact
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_three_digits() {
        let mut seen = std::collections::HashSet::new();
        for c in FUNCTION_CLASSES {
            assert!(c.code.len() == 3 && c.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(seen.insert(c.code), "duplicate {}", c.code);
        }
    }

    #[test]
    fn finds_by_name_with_ordinal_and_line_breaks() {
        assert_eq!(by_name("十九、住房保障支出").unwrap().code, "221");
        assert_eq!(by_name("一、一般公共 服务支出").unwrap().code, "201");
        assert_eq!(by_name("二十三、其他").unwrap().code, "229");
        assert!(by_name("不存在的支出").is_none());
        assert_eq!(by_code("208").unwrap().name, "社会保障和就业支出");
    }
}
