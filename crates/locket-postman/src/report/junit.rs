//! newman's JUnit report (`-r junit`), in newman's shape: one `<testsuite>` per request of
//! the collection (its executions across iterations together), one `<testcase>` per distinct
//! assertion name, a `<failure>` saying how many times it failed; request and script errors in
//! the suite's `<system-err>`. Scripts not run (no engine) are counted in a `skipped-scripts`
//! property.

use super::{SCRIPTS_NOT_RUN, millis};
use crate::runner::{Execution, Summary};

/// XML text and attribute escaping.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A suite's name as a class name, as newman derives it: the words, camel-cased, first
/// letter upper case (`"Folder / get user"` → `FolderGetUser`).
fn class_name(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        let mut word = String::new();
        let mut previous_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && previous_lower && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            word.push(c);
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
        .iter()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|f| f.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

pub fn report(summary: &Summary) -> String {
    let secs = |d: std::time::Duration| format!("{:.3}", millis(d) / 1000.0);
    // The executions of each request, in the order requests first ran. A request its
    // pre-request script skipped has none, as in newman's report.
    let executions: Vec<&Execution> = summary.executions.iter().filter(|e| !e.skipped).collect();
    let mut order: Vec<usize> = Vec::new();
    for e in &executions {
        if !order.contains(&e.position) {
            order.push(e.position);
        }
    }
    let tests = summary.test_events();
    let mut body = String::new();
    let mut total_time = std::time::Duration::ZERO;
    for position in order {
        let item = &summary.items[position];
        let runs: Vec<&Execution> = executions
            .iter()
            .copied()
            .filter(|e| e.position == position)
            .collect();
        let mut errors = Vec::new();
        let mut cases: Vec<(&str, Vec<&str>)> = Vec::new();
        for e in &runs {
            // newman keeps one request error per execution: its request's, or else that of a
            // pm.sendRequest that got no response.
            let failed_send = e
                .side_requests
                .iter()
                .rev()
                .find_map(|r| r.outcome.as_ref().err());
            if let Some(err) = e.error.as_ref().or(failed_send) {
                errors.push(format!("Iteration: {}\nRequestError: {err}", e.iteration));
            }
            for f in &e.script_failures {
                errors.push(format!(
                    "Iteration: {}\n{}ScriptError: {}",
                    e.iteration,
                    f.event.name(),
                    f.message
                ));
            }
            for a in &e.assertions {
                let failure = a.error.as_ref().map(|(_, message)| message.as_str());
                match cases.iter_mut().find(|(name, _)| *name == a.name) {
                    Some((_, failures)) => match failure {
                        Some(f) => failures.push(f),
                        // newman's reporter: a pass forgets the test's earlier failures (the
                        // suite's `failures` count keeps them).
                        None => failures.clear(),
                    },
                    None => cases.push((&a.name, failure.into_iter().collect())),
                }
            }
        }
        let times: Vec<std::time::Duration> = runs
            .iter()
            .map(|e| e.response.as_ref().map(|r| r.time).unwrap_or_default())
            .collect();
        total_time += times.iter().sum::<std::time::Duration>();
        let mean = times.iter().sum::<std::time::Duration>() / times.len().max(1) as u32;
        let failures: usize = runs.iter().map(|e| e.failed_assertions()).sum();
        let skipped: usize = runs.iter().map(|e| e.skipped_scripts).sum();
        let last_tests = runs.last().map_or(0, |e| e.assertions.len());
        body.push_str(&format!(
            "  <testsuite name=\"{}\" id=\"{}\" tests=\"{last_tests}\" failures=\"{failures}\" errors=\"{}\" time=\"{}\">\n",
            esc(&item.path),
            esc(&item.id),
            errors.len(),
            secs(mean)
        ));
        if skipped > 0 {
            body.push_str(&format!(
                "    <properties><property name=\"skipped-scripts\" value=\"{skipped}\"/></properties>\n    <system-out>{}</system-out>\n",
                esc(SCRIPTS_NOT_RUN)
            ));
        }
        if !errors.is_empty() {
            body.push_str(&format!(
                "    <system-err>{}</system-err>\n",
                esc(&errors.join("\n---\n"))
            ));
        }
        let classname = class_name(&item.path);
        for (name, failures) in cases {
            body.push_str(&format!(
                "    <testcase name=\"{}\" time=\"{}\" classname=\"{classname}\">\n",
                esc(name),
                secs(mean)
            ));
            if let Some(first) = failures.first() {
                body.push_str(&format!(
                    "      <failure type=\"AssertionFailure\" message=\"{}\">Failed {} times. Error message: {}.</failure>\n",
                    esc(first),
                    failures.len(),
                    esc(first)
                ));
            }
            body.push_str("    </testcase>\n");
        }
        body.push_str("  </testsuite>\n");
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{tests}\" time=\"{}\">\n",
        esc(&summary.collection_name),
        secs(total_time)
    ));
    out.push_str(&body);
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(
            super::esc("a<b>&\"'\u{1}"),
            "a&lt;b&gt;&amp;&quot;&apos;\u{fffd}"
        );
    }

    /// newman's junit reporter forgets a test's failures when a later iteration passes it.
    #[test]
    fn a_later_pass_clears_a_tests_failures_but_not_the_suites_count() {
        use crate::runner::{AssertionResult, Execution, ItemInfo, Summary};
        let run = |iteration: usize, failed: bool| Execution {
            iteration,
            assertions: vec![AssertionResult {
                event: crate::script::Event::Test,
                seq: 1,
                name: "flaky".into(),
                index: 0,
                skipped: false,
                error: failed.then(|| ("AssertionError".into(), "expected 1 to equal 2".into())),
            }],
            ..Execution::default()
        };
        let summary = |executions: Vec<Execution>| Summary {
            collection_name: "c".into(),
            collection_id: "id".into(),
            environment_name: None,
            globals_name: None,
            items: vec![ItemInfo {
                id: "i".into(),
                name: "get".into(),
                path: "get".into(),
            }],
            iterations: executions.len(),
            executions,
            started: std::time::SystemTime::UNIX_EPOCH,
            duration: std::time::Duration::ZERO,
            bailed: false,
            timed_out: false,
            scopes: Default::default(),
            cookies: locket_http::CookieJar::new(),
        };
        let healed = super::report(&summary(vec![run(0, true), run(1, false)]));
        assert!(!healed.contains("<failure"), "{healed}");
        assert!(healed.contains("failures=\"1\""), "{healed}");
        let broke = super::report(&summary(vec![run(0, false), run(1, true)]));
        assert!(broke.contains("<failure"), "{broke}");
    }

    #[test]
    fn class_names_as_newman_derives_them() {
        assert_eq!(super::class_name("passing"), "Passing");
        assert_eq!(super::class_name("Folder / get user"), "FolderGetUser");
        assert_eq!(super::class_name("getUserByID 2"), "GetUserById2");
    }
}
