//! The generated sentences: templates in one TOML file (`templates/report-sentences.toml`),
//! readable and changeable by a non-programmer, filled with minijinja.

use std::collections::BTreeMap;

use minijinja::Environment;

/// The templates shipped with jixiao.
pub const DEFAULT: &str = include_str!("../../../templates/report-sentences.toml");

/// Sentence templates by name.
pub struct Sentences {
    env: Environment<'static>,
}

/// A problem with a templates file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Not valid TOML, or not `name = "template"` pairs.
    #[error("句子模板文件格式错误:{0}")]
    Format(String),
    /// A template that does not parse.
    #[error("句子模板“{name}”有误:{message}")]
    Template {
        /// The template's name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A template the report needs is missing.
    #[error("句子模板文件缺少“{0}”")]
    Missing(String),
}

impl Sentences {
    /// Loads templates from TOML text (`name = "…"` lines); names not given fall back to the
    /// shipped ones.
    pub fn load(text: &str) -> Result<Sentences, TemplateError> {
        let mut all: BTreeMap<String, String> = parse(DEFAULT)?;
        all.extend(parse(text)?);
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, src) in all {
            env.add_template_owned(name.clone(), src)
                .map_err(|e| TemplateError::Template { name, message: e.to_string() })?;
        }
        Ok(Sentences { env })
    }

    /// The shipped templates.
    pub fn default_set() -> Sentences {
        // The shipped file is checked by this crate's tests; a failure here is a bug.
        Sentences::load("").unwrap_or_else(|e| panic!("shipped sentence templates: {e}"))
    }

    /// Fills template `name` with `vars`.
    pub fn fill(&self, name: &str, vars: &[(&str, String)]) -> Result<String, TemplateError> {
        let t = self.env.get_template(name).map_err(|_| TemplateError::Missing(name.to_string()))?;
        let ctx: BTreeMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect();
        t.render(ctx).map_err(|e| TemplateError::Template { name: name.to_string(), message: e.to_string() })
    }
}

fn parse(text: &str) -> Result<BTreeMap<String, String>, TemplateError> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| TemplateError::Format(e.to_string()))?;
    table
        .into_iter()
        .map(|(k, v)| match v {
            toml::Value::String(s) => Ok((k, s)),
            other => Err(TemplateError::Format(format!("“{k}”应为文本,实为 {}", other.type_str()))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_load_and_fill() {
        let s = Sentences::default_set();
        let out = s
            .fill(
                "budget_change",
                &[
                    ("budget", "3325.83".into()),
                    ("last", "2718.66".into()),
                    ("change_word", "增加".into()),
                    ("change", "607.17".into()),
                    ("rate_word", "增长".into()),
                    ("rate", "22.33".into()),
                ],
            )
            .unwrap();
        assert_eq!(out, "年初预算总数3325.83万元,上年预算总数2718.66万元,与上年预算相比增加607.17万元,增长22.33%。");
    }

    #[test]
    fn overrides_and_errors() {
        let s = Sentences::load("title = \"{{ year }}年 自评\"").unwrap();
        assert_eq!(s.fill("title", &[("year", "2024".into())]).unwrap(), "2024年 自评");
        assert!(matches!(s.fill("title", &[]), Err(TemplateError::Template { .. })));
        assert!(matches!(Sentences::load("title = 3"), Err(TemplateError::Format(_))));
        assert!(matches!(Sentences::load("title = \"{{ year \""), Err(TemplateError::Template { .. })));
    }
}
