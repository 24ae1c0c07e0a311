//! The style sheet of highlighted code, from two-face's light and dark themes.

use std::fmt::Write as _;

use syntect::highlighting::{Color, FontStyle, Theme};
use syntect::parsing::Scope;
use two_face::theme::EmbeddedThemeName;

use super::CLASS_PREFIX;

/// The class of the element that holds highlighted code (the template's `<pre>` or `<code>`).
/// It gets the theme's own colours; no class made from a scope can equal it, since they all
/// start with [`CLASS_PREFIX`].
const CONTAINER_CLASS: &str = "hl";

/// The theme used unless a dark one is asked for.
const LIGHT_THEME: EmbeddedThemeName = EmbeddedThemeName::ColdarkCold;

/// The theme used when the reader's system prefers dark, or the page's switch asks for it.
const DARK_THEME: EmbeddedThemeName = EmbeddedThemeName::ColdarkDark;

/// The style sheet for highlighted code: a light theme by default and a dark one when the reader's
/// system prefers dark, either overridden by `data-theme="light"` or `data-theme="dark"` on
/// `<html>` (the page's switch).
///
/// This is what `themes/default/highlight.css` holds (a test keeps the two equal; the build
/// embeds the file, so it does not load the themes). The element holding the code should have
/// the class `hl`, which gets the theme's text and background colours through the custom
/// properties `--hl-fg` and `--hl-bg`.
///
/// The two themes' rules are never active together. Were the dark rules merely added on top of
/// default light ones, a light rule that the dark theme has no counterpart for (or whose selector
/// is more specific than the dark one matching the same span) would still apply in dark mode and
/// put a light theme's colour on a dark background.
pub fn theme_css() -> String {
    let themes = two_face::theme::extra();
    let light = themes.get(LIGHT_THEME);
    let dark = themes.get(DARK_THEME);
    let mut css = String::new();
    let _ = writeln!(
        css,
        "/* Syntax highlighting of code examples, written by tldoc::highlight::theme_css() from the\n   \
         themes {} (light) and {} (dark) of two-face.\n   \
         Do not edit: change theme_css() and regenerate with\n   \
         TLDOC_REGENERATE_CSS=1 cargo test --lib highlight::tests::theme_css_file_is_current */\n",
        theme_name(light, LIGHT_THEME),
        theme_name(dark, DARK_THEME),
    );
    let _ = writeln!(
        css,
        ".{CONTAINER_CLASS} {{\n  color: var(--hl-fg);\n  background-color: var(--hl-bg);\n}}\n"
    );
    for (label, theme, scheme, other, end) in [
        ("Light", light, "light", "dark", "}\n\n"),
        ("Dark", dark, "dark", "light", "}\n"),
    ] {
        let _ = writeln!(
            css,
            "/* {label}: chosen on the page, or the system's preference unless {other} is chosen. */"
        );
        theme_rules(
            &mut css,
            theme,
            &format!(":root[data-theme=\"{scheme}\"]"),
            "",
        );
        let _ = writeln!(css, "@media (prefers-color-scheme: {scheme}) {{");
        theme_rules(
            &mut css,
            theme,
            &format!(":root:not([data-theme=\"{other}\"])"),
            "  ",
        );
        css.push_str(end);
    }
    css
}

/// The theme's own name, or two-face's name for it.
fn theme_name(theme: &Theme, fallback: EmbeddedThemeName) -> String {
    theme
        .name
        .clone()
        .unwrap_or_else(|| fallback.as_name().to_owned())
}

/// Writes `theme`'s rules, every selector under `root` (the condition on `<html>` under which the
/// theme applies), each line indented by `indent`.
fn theme_rules(css: &mut String, theme: &Theme, root: &str, indent: &str) {
    let settings = &theme.settings;
    if settings.foreground.is_some() || settings.background.is_some() {
        let _ = writeln!(css, "{indent}{root} {{");
        if let Some(fg) = settings.foreground {
            let _ = writeln!(css, "{indent}  --hl-fg: {};", hex(fg));
        }
        if let Some(bg) = settings.background {
            let _ = writeln!(css, "{indent}  --hl-bg: {};", hex(bg));
        }
        let _ = writeln!(css, "{indent}}}");
    }
    for item in &theme.scopes {
        let mut declarations = Vec::new();
        if let Some(fg) = item.style.foreground {
            declarations.push(format!("color: {}", hex(fg)));
        }
        if let Some(bg) = item.style.background {
            declarations.push(format!("background-color: {}", hex(bg)));
        }
        if let Some(font) = item.style.font_style {
            // A theme's font style replaces the inherited one rather than adding to it, hence the
            // explicit `normal`s.
            let weight = if font.contains(FontStyle::BOLD) {
                "bold"
            } else {
                "normal"
            };
            let style = if font.contains(FontStyle::ITALIC) {
                "italic"
            } else {
                "normal"
            };
            declarations.push(format!("font-weight: {weight}"));
            declarations.push(format!("font-style: {style}"));
            if font.contains(FontStyle::UNDERLINE) {
                declarations.push("text-decoration: underline".to_owned());
            }
        }
        let selectors: Vec<String> = item
            .scope
            .selectors
            .iter()
            // A selector with exclusions (`string - comment`) has no faithful class selector;
            // leaving it out is safer than applying it where the theme says not to.
            .filter(|selector| selector.excludes.is_empty() && !selector.path.is_empty())
            .map(|selector| {
                let path: Vec<String> = selector
                    .path
                    .as_slice()
                    .iter()
                    .map(|&scope| scope_selector(scope))
                    .collect();
                format!("{indent}{root} {}", path.join(" "))
            })
            .collect();
        if declarations.is_empty() || selectors.is_empty() {
            continue;
        }
        let _ = writeln!(css, "{} {{", selectors.join(",\n"));
        for declaration in declarations {
            let _ = writeln!(css, "{indent}  {declaration};");
        }
        let _ = writeln!(css, "{indent}}}");
    }
}

/// The class selector matching a scope's spans: `.hl-string.hl-quoted` for `string.quoted`.
fn scope_selector(scope: Scope) -> String {
    let mut selector = String::new();
    for atom in scope.build_string().split('.') {
        selector.push('.');
        selector.push_str(CLASS_PREFIX);
        // Scope atoms are nearly always letters, digits, `-` and `_`; anything else is escaped
        // as CSS requires (it cannot begin the identifier: the prefix does).
        for c in atom.chars() {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                selector.push(c);
            } else {
                let _ = write!(selector, "\\{:x} ", u32::from(c));
            }
        }
    }
    selector
}

/// A theme colour as CSS: `#rrggbb`, or `#rrggbbaa` when not opaque.
fn hex(color: Color) -> String {
    if color.a == u8::MAX {
        format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b)
    } else {
        format!(
            "#{:02x}{:02x}{:02x}{:02x}",
            color.r, color.g, color.b, color.a
        )
    }
}
