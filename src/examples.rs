//! Temporary stand-in until example generation lands.
#![allow(missing_docs)]
use crate::model::{MethodId, Schema};
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[];
#[derive(serde::Serialize)]
pub struct Example {
    pub method: String,
}
pub fn method_example(schema: &Schema, method: MethodId) -> Example {
    Example {
        method: schema.method(method).name.clone(),
    }
}
pub fn template_name(_tera: &tera::Tera, _language: &str) -> Option<String> {
    None
}
pub fn render_example(
    tera: &tera::Tera,
    template: &str,
    example: &Example,
) -> Result<String, tera::Error> {
    tera.render(template, &tera::Context::from_serialize(example)?)
}
pub fn language_label(name: &str) -> String {
    name.to_owned()
}
