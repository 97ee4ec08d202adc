//! newman's JUnit report (`-r junit`): one `<testsuite>` per request per iteration, inside one
//! `<testsuites>` named after the collection. With scripts not run there are no assertions,
//! so each request is one `<testcase>`: an `<error>` when the request failed, and a
//! `skipped-scripts` property saying how many scripts were not run.

use super::{SCRIPTS_NOT_RUN, millis};
use crate::postman::runner::Summary;

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
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"0\" errors=\"{}\" time=\"{}\">\n",
        esc(&summary.collection_name),
        summary.executions.len(),
        summary.failed_requests(),
        secs(summary.duration)
    ));
    for e in &summary.executions {
        let item = &summary.items[e.position];
        let time = e.response.as_ref().map(|r| r.time).unwrap_or_default();
        let classname = esc(&item.path.replace(" / ", "."));
        out.push_str(&format!(
            "  <testsuite name=\"{}\" id=\"{}\" iteration=\"{}\" tests=\"1\" failures=\"0\" errors=\"{}\" time=\"{}\">\n",
            esc(&item.path),
            esc(&item.id),
            e.iteration + 1,
            u8::from(e.failed()),
            secs(time)
        ));
        out.push_str(&format!(
            "    <properties><property name=\"skipped-scripts\" value=\"{}\"/></properties>\n",
            e.skipped_scripts
        ));
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{classname}\" time=\"{}\">\n",
            esc(&item.name),
            secs(time)
        ));
        if let Some(err) = &e.error {
            out.push_str(&format!(
                "      <error type=\"RequestError\" message=\"{}\">{}</error>\n",
                esc(err),
                esc(err)
            ));
        }
        if e.skipped_scripts > 0 {
            out.push_str(&format!(
                "      <system-out>{} script(s) not run: {}</system-out>\n",
                e.skipped_scripts,
                esc(SCRIPTS_NOT_RUN)
            ));
        }
        out.push_str("    </testcase>\n  </testsuite>\n");
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
