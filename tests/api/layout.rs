//! The layering of `api/src`: imports flow one way, from the composition root down to config,
//! errors, metrics and the database connection. Read from the source files themselves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::repo_path;

/// The rank of each top-level module: a module may import only modules of a lower rank.
/// Modules of one rank (`store` and `dataset`; `graphql` and `feeds`) must not import each
/// other.
fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "error" | "config" => 0,
        "metrics" | "db" | "telemetry" | "healthcheck" | "text" | "ids" | "labels" | "zones"
        | "bounded" => 1,
        "store" | "dataset" => 2,
        // Siblings: neither imports the other.
        "graphql" | "feeds" => 3,
        "http" => 4,
        "lib" | "cli" | "bootstrap" => 5,
        _ => return None,
    })
}

/// Every `.rs` file under `dir`, with its path relative to `root`.
fn sources(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((relative, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The `crate::a::b` paths a file names, as (`a`, `a/b`).
fn crate_paths(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (index, _) in text.match_indices("crate::") {
        let rest = &text[index + "crate::".len()..];
        let parts: Vec<&str> = rest
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|p| !p.is_empty())
            .collect();
        if let Some(top) = parts
            .first()
            .filter(|p| p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        {
            let second = parts
                .get(1)
                .map_or_else(|| top.to_string(), |s| format!("{top}/{s}"));
            found.push((top.to_string(), second));
        }
    }
    found
}

#[test]
fn imports_flow_one_way_and_no_two_modules_import_each_other() {
    let root = repo_path("api/src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let mut violations = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in &files {
        let parts: Vec<&str> = path.trim_end_matches(".rs").split('/').collect();
        let top = parts[0];
        let Some(own) = rank(top) else {
            violations.push(format!(
                "{path}: module `{top}` has no place in the layering"
            ));
            continue;
        };
        // A file's unit for cycles: its second-level module (`graphql/limits`).
        let unit = match parts.as_slice() {
            [top, second, ..] if *second != "mod" => format!("{top}/{second}"),
            _ => top.to_string(),
        };
        for (target, target_unit) in crate_paths(text) {
            if target == top {
                if target_unit != unit && target_unit.contains('/') && unit.contains('/') {
                    edges.entry(unit.clone()).or_default().insert(target_unit);
                }
                continue;
            }
            match rank(&target) {
                Some(theirs) if theirs < own => {}
                Some(_) => violations.push(format!(
                    "{path} imports `crate::{target}` (above or beside it)"
                )),
                None if target == "run" || target == "RunError" => {}
                None => violations.push(format!("{path} names unknown `crate::{target}`")),
            }
        }
    }
    // Second-level modules within one top module: no two import each other (no cycle).
    for (from, targets) in &edges {
        for to in targets {
            if edges.get(to).is_some_and(|back| back.contains(from)) {
                violations.push(format!("`{from}` and `{to}` import each other"));
            }
        }
    }
    assert_eq!(violations, Vec::<String>::new());
}
