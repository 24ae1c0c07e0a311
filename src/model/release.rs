//! A TDLib release, which TDLib's schema is versioned by, as Telegram's is by layers.

use std::fmt;
use std::str::FromStr;

/// A TDLib release: `1.8.50`. Releases order numerically, part by part: 1.8.9 comes before
/// 1.8.50.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    /// The first number.
    pub major: u32,
    /// The second number.
    pub minor: u32,
    /// The third number.
    pub patch: u32,
}

impl FromStr for Release {
    type Err = ();

    /// Three numbers joined by dots, as TDLib numbers its releases: `1.8.50`.
    fn from_str(text: &str) -> Result<Release, ()> {
        let mut parts = text.split('.').map(|part| {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(());
            }
            part.parse::<u32>().map_err(|_| ())
        });
        let (Some(major), Some(minor), Some(patch), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(());
        };
        Ok(Release {
            major: major?,
            minor: minor?,
            patch: patch?,
        })
    }
}

impl fmt::Display for Release {
    /// `1.8.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl<'de> serde::Deserialize<'de> for Release {
    /// As `version: 1.8.65` writes it in `tldoc.yaml`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Release, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Release;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a TDLib version, three numbers like `1.8.65`")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Release, E> {
                text.parse().map_err(|()| {
                    E::custom(format!(
                        "`{text}` is not a TDLib version: write three numbers, like `1.8.65`"
                    ))
                })
            }
            // `1.8` reads as a number: it is short of a part.
            fn visit_f64<E: serde::de::Error>(self, number: f64) -> Result<Release, E> {
                self.visit_str(&number.to_string())
            }
            fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<Release, E> {
                self.visit_str(&number.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<Release, E> {
                self.visit_str(&number.to_string())
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl serde::Serialize for Release {
    /// As it is written: `"1.8.50"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
