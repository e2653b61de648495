//! `runtime/next` (package `depin-runtime-next`) compiles this crate's sources with feature
//! `spec-bump`, for the runtime-upgrade test (`node/tests/upgrade.rs`). Cargo needs its own
//! manifest for that, which repeats this crate's dependencies and features by hand; this test
//! fails as soon as the two lists drift apart, so the upgrade test always enacts the real
//! runtime one `spec_version` later.

// Tests fail loudly on anything unexpected.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;

/// The runtime's manifest.
const RUNTIME: &str = include_str!("../Cargo.toml");
/// The manifest of `depin-runtime-next`.
const NEXT: &str = include_str!("../next/Cargo.toml");

/// A manifest as `[section] -> key -> value`: whitespace removed from every value, and the
/// items of an array value sorted (order carries no meaning in dependency and feature lists).
type Manifest = BTreeMap<String, BTreeMap<String, String>>;

/// Parses the subset of TOML the two manifests use: `[section]` headers, `key = value` lines,
/// arrays spread over several lines, and whole-line `#` comments.
fn parse(text: &str) -> Manifest {
	let mut manifest = Manifest::new();
	let mut section = String::new();
	let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
	while let Some(line) = lines.next() {
		if let Some(header) = line.strip_prefix('[') {
			section = header.trim_end_matches(']').to_string();
			continue;
		}
		let (key, value) = line.split_once('=').expect("a `key = value` line");
		let mut value = value.trim().to_string();
		while value.matches('[').count() > value.matches(']').count() {
			value.push_str(lines.next().expect("the array is closed"));
		}
		manifest.entry(section.clone()).or_default().insert(key.trim().to_string(), normal(&value));
	}
	manifest
}

/// `value` without whitespace, its items sorted if it is an array.
fn normal(value: &str) -> String {
	let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
	match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
		Some(items) => format!("[{}]", sorted(items.split(',')).join(",")),
		None => value,
	}
}

fn sorted<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
	let mut items: Vec<_> = items.filter(|i| !i.is_empty()).collect();
	items.sort_unstable();
	items
}

/// The keys whose values differ between `runtime` and `next`, with both values.
fn differences(
	runtime: Option<&BTreeMap<String, String>>,
	next: Option<&BTreeMap<String, String>>,
) -> Vec<String> {
	let (runtime, next) = (runtime.cloned().unwrap_or_default(), next.cloned().unwrap_or_default());
	let keys: std::collections::BTreeSet<_> = runtime.keys().chain(next.keys()).collect();
	keys.into_iter()
		.filter(|k| runtime.get(*k) != next.get(*k))
		.map(|k| format!("{k}: runtime {:?}, next {:?}", runtime.get(k), next.get(k)))
		.collect()
}

#[test]
fn the_next_runtime_declares_the_runtimes_dependencies_and_features() {
	let runtime = parse(RUNTIME);
	let next = parse(NEXT);
	assert!(runtime["dependencies"].len() > 40, "the parser read the dependency list");

	for section in ["dependencies", "build-dependencies", "lints"] {
		assert_eq!(
			differences(runtime.get(section), next.get(section)),
			Vec::<String>::new(),
			"[{section}] of runtime/next/Cargo.toml must equal runtime/Cargo.toml's"
		);
	}

	// Every feature the same, but for `default`: the next runtime also enables `spec-bump`.
	let mut runtime_features = runtime["features"].clone();
	let mut next_features = next["features"].clone();
	let default = runtime_features.remove("default").expect("the runtime has default features");
	let with_spec_bump = format!("{},\"spec-bump\"]", default.trim_end_matches(']'));
	assert_eq!(next_features.remove("default"), Some(normal(&with_spec_bump)));
	assert!(runtime_features.contains_key("spec-bump"), "the runtime declares `spec-bump`");
	assert_eq!(
		differences(Some(&runtime_features), Some(&next_features)),
		Vec::<String>::new(),
		"[features] of runtime/next/Cargo.toml must equal runtime/Cargo.toml's"
	);
}
