//! newman's JUnit report (`-r junit`): one `<testsuite>` per request per iteration, inside one
//! `<testsuites>` named after the collection, and one `<testcase>` per assertion (a
//! `<failure>` when it failed, `<skipped/>` when skipped). A request without assertions is one
//! `<testcase>` named after it. A request or script error is an `<error>`; scripts not run
//! are counted in a `skipped-scripts` property.

use super::{SCRIPTS_NOT_RUN, millis};
use crate::runner::Summary;

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

pub fn report(summary: &Summary) -> String {
    let secs = |d: std::time::Duration| format!("{:.3}", millis(d) / 1000.0);
    let (_, failed_assertions) = summary.assertions();
    let tests: usize = summary
        .executions
        .iter()
        .map(|e| e.assertions.len().max(1))
        .sum();
    let errors = summary
        .executions
        .iter()
        .filter(|e| e.request_failed() || !e.script_failures.is_empty())
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failed_assertions}\" errors=\"{errors}\" time=\"{}\">\n",
        esc(&summary.collection_name),
        secs(summary.duration)
    ));
    for e in &summary.executions {
        let item = &summary.items[e.position];
        let time = e.response.as_ref().map(|r| r.time).unwrap_or_default();
        let classname = esc(&item.path.replace(" / ", "."));
        let errors: Vec<(&str, &str)> = e
            .error
            .iter()
            .map(|err| ("RequestError", err.as_str()))
            .chain(
                e.script_failures
                    .iter()
                    .map(|f| (f.name.as_str(), f.message.as_str())),
            )
            .collect();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" id=\"{}\" iteration=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
            esc(&item.path),
            esc(&item.id),
            e.iteration + 1,
            e.assertions.len().max(1),
            e.failed_assertions(),
            errors.len(),
            secs(time)
        ));
        out.push_str(&format!(
            "    <properties><property name=\"skipped-scripts\" value=\"{}\"/></properties>\n",
            e.skipped_scripts
        ));
        let error_lines: String = errors
            .iter()
            .map(|(kind, message)| {
                format!(
                    "      <error type=\"{}\" message=\"{}\">{}</error>\n",
                    esc(kind),
                    esc(message),
                    esc(message)
                )
            })
            .collect();
        if e.assertions.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{classname}\" time=\"{}\">\n{error_lines}",
                esc(&item.name),
                secs(time)
            ));
            if e.skipped_scripts > 0 {
                out.push_str(&format!(
                    "      <system-out>{} script(s) not run: {}</system-out>\n",
                    e.skipped_scripts,
                    esc(SCRIPTS_NOT_RUN)
                ));
            }
            out.push_str("    </testcase>\n");
        }
        for (i, a) in e.assertions.iter().enumerate() {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{classname}\" time=\"{}\">\n",
                esc(&a.name),
                secs(time)
            ));
            if i == 0 {
                out.push_str(&error_lines);
            }
            if a.skipped {
                out.push_str("      <skipped/>\n");
            }
            if let Some((name, message)) = &a.error {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    esc(name),
                    esc(message),
                    esc(message)
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
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
}
